package dev.eventbus.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.RetryableException;
import dev.eventbus.worker.retry.RetryPolicy.Jitter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class ClassifierTest {

    private final Classifier classifier = new Classifier(
            new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), Jitter.NONE), new SplittableRandom(1));

    private static Delivery received(int times) {
        return Delivery.of("http://q", Message.builder().messageId("m").receiptHandle("rh").body("{}")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(times))).build(), Instant.EPOCH);
    }

    @Test
    void anOrdinaryExceptionIsRetriedAfterTheBackoffForItsReceiveCount() {
        Outcome first = classifier.classify(new IllegalStateException("smtp 451"), received(1), "send-email");
        Outcome third = classifier.classify(new RetryableException("smtp 451"), received(3), "send-email");

        assertThat(first).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1));
            assertThat(r.failure().reason()).isEqualTo(FailureReason.HANDLER_ERROR);
            assertThat(r.failure().errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(r.failure().handler()).isEqualTo("send-email");
        });
        assertThat(third).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(4)));
    }

    @Test
    void aNonRetryableExceptionIsDeadLetteredAtOnceEvenWhenWrapped() {
        Outcome direct = classifier.classify(new NonRetryableException("coupon expired"), received(1), "h");
        Outcome wrapped = classifier.classify(new RuntimeException("wrapper", new NonRetryableException("coupon expired")), received(1), "h");

        assertThat(direct).isInstanceOfSatisfying(Outcome.DeadLettered.class,
                d -> assertThat(d.failure().reason()).isEqualTo(FailureReason.NON_RETRYABLE));
        assertThat(wrapped).isInstanceOf(Outcome.DeadLettered.class);
    }

    @Test
    void theSameBugFailsWithTheSameFingerprintWhateverTheMessage() {
        Outcome a = classifier.classify(failAt("order 1"), received(1), "h");
        Outcome b = classifier.classify(failAt("order 2"), received(1), "h");
        Outcome other = classifier.classify(new IllegalArgumentException("order 1"), received(1), "h");

        String fa = ((Outcome.RetryLater) a).failure().fingerprint();
        assertThat(((Outcome.RetryLater) b).failure().fingerprint()).isEqualTo(fa);
        assertThat(((Outcome.RetryLater) other).failure().fingerprint()).isNotEqualTo(fa);
    }

    private static IllegalStateException failAt(String message) {
        return new IllegalStateException(message);
    }
}
