package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.Registration;
import dev.eventbus.worker.internal.WorkerListener;
import dev.eventbus.worker.retry.Classifier;
import dev.eventbus.worker.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class DedupeInterceptorTest {

    record Order(long orderId) {}

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDedupeStore store = new InMemoryDedupeStore();
    private final StoreCircuit circuit = new StoreCircuit(store, Duration.ofMillis(10), Duration.ofMillis(50));
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger storeFailures = new AtomicInteger();
    private final List<String> handled = new ArrayList<>();
    private final WorkerListener listener = new WorkerListener() {
        @Override
        public void duplicate() {
            duplicates.incrementAndGet();
        }

        @Override
        public void dedupeStoreFailed() {
            storeFailures.incrementAndGet();
        }
    };
    private final Classifier classifier = new Classifier(RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8)),
            new SplittableRandom(3));
    private final DedupeInterceptor dedupe = new DedupeInterceptor(store, "notifications", Duration.ofMinutes(1), Duration.ofDays(15),
            Duration.ofDays(14), classifier, circuit, listener, clock);
    private final EnvelopeCodec codec = new EnvelopeCodec();

    private Outcome handle(String id, String payload, Interceptor handler) {
        String body = "{\"id\":\"" + id + "\",\"event\":\"order.completed\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T09:59:00Z\",\"payload\":"
                + payload + "}";
        Message message = Message.builder().messageId("m-" + handled.size()).receiptHandle("rh").body(body)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")).build();
        Registration<?> registration = Handlers.builder().on("order.completed", 1, Order.class, e -> { }).build().find("order.completed", 1)
                .orElseThrow();
        var envelope = codec.decode(body);
        Delivery delivery = Delivery.of("http://q", message, clock.instant())
                .decoded(envelope, registration, codec.readPayload(envelope.payload(), Order.class));
        return dev.eventbus.worker.internal.RealChain.run(List.of(dedupe, handler), delivery);
    }

    private Interceptor succeeds() {
        return chain -> {
            handled.add(chain.delivery().envelope().id());
            return Outcome.acked();
        };
    }

    @Test
    void theSecondDeliveryOfAHandledEventIsADuplicateAndSkipsTheHandler() {
        assertThat(handle("e-1", "{\"order_id\":1}", succeeds())).isEqualTo(Outcome.acked());
        assertThat(handle("e-1", "{\"order_id\":1}", succeeds())).isEqualTo(Outcome.duplicate());
        assertThat(handled).containsExactly("e-1");
        assertThat(duplicates).hasValue(1);
    }

    @Test
    void aReusedEventIdWithADifferentPayloadIsDeadLetteredInsteadOfSilentlySkipped() {
        handle("e-2", "{\"order_id\":1}", succeeds());

        Outcome outcome = handle("e-2", "{\"order_id\":999}", succeeds());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.DeadLettered.class,
                d -> assertThat(d.failure().reason()).isEqualTo(FailureReason.ID_REUSED));
        assertThat(handled).containsExactly("e-2");
    }

    @Test
    void aFailedAttemptReleasesItsClaimSoTheRetryRunsAndRecordsWhy() {
        Outcome failed = handle("e-3", "{\"order_id\":3}",
                chain -> classifier.classify(new IllegalStateException("smtp 451"), chain.delivery(), "send-email"));
        assertThat(failed).isInstanceOf(Outcome.RetryLater.class);
        assertThat(store.lastFailure(DedupeKeys.failureKeyForEventId("notifications", "order.completed", "e-3")))
                .hasValueSatisfying(r -> {
                    assertThat(r.reason()).isEqualTo("handler_error");
                    assertThat(r.failedAt()).isEqualTo(clock.instant());
                });

        assertThat(handle("e-3", "{\"order_id\":3}", succeeds())).isEqualTo(Outcome.acked());
    }

    @Test
    void aDeadLetteredAttemptReleasesItsClaimSoAReplayFromTheDlqRunsAgain() {
        handle("e-4", "{\"order_id\":4}", chain -> classifier.classify(new NonRetryableException("bad coupon"), chain.delivery(), "h"));

        assertThat(handle("e-4", "{\"order_id\":4}", succeeds())).isEqualTo(Outcome.acked());
    }

    @Test
    void whileAnotherAttemptHoldsTheEventItIsRetriedLater() {
        Outcome inner = handle("e-5", "{\"order_id\":5}", chain -> handle("e-5", "{\"order_id\":5}", succeeds()));

        assertThat(inner).isInstanceOfSatisfying(Outcome.RetryLater.class,
                r -> assertThat(r.failure().reason()).isEqualTo(FailureReason.IN_PROGRESS_ELSEWHERE));
        assertThat(handled).isEmpty();
    }

    @Test
    void anUnreachableStoreFailsClosedOpensTheCircuitAndClosesItWhenTheStoreAnswers() throws Exception {
        store.setAvailable(false);

        Outcome outcome = handle("e-6", "{\"order_id\":6}", succeeds());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetryLater.class,
                r -> assertThat(r.failure().reason()).isEqualTo(FailureReason.DEDUPE_UNAVAILABLE));
        assertThat(handled).isEmpty();
        assertThat(storeFailures).hasValue(1);
        assertThat(circuit.isOpen()).isTrue();
        store.setAvailable(true);
        for (int i = 0; i < 100 && circuit.isOpen(); i++) {
            Thread.sleep(10);
        }
        assertThat(circuit.isOpen()).isFalse();
    }

    @Test
    void aDeclaredBusinessKeyDeduplicatesEventsWithDifferentIds() {
        Registration<Order> keyed = Registration.of("order.completed", 1, Order.class, e -> { }).keyedBy(o -> Long.toString(o.orderId()));
        String body1 = "{\"id\":\"a\",\"event\":\"order.completed\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T09:59:00Z\",\"payload\":{\"order_id\":8}}";
        var envelope = codec.decode(body1);
        Delivery delivery = Delivery.of("http://q", Message.builder().messageId("m").receiptHandle("rh").body(body1).build(), clock.instant())
                .decoded(envelope, keyed, new Order(8));

        assertThat(DedupeKeys.keyPart(delivery)).isEqualTo("key:8");
        assertThat(DedupeKeys.claimKey("notifications", "order.completed", DedupeKeys.keyPart(delivery)))
                .isEqualTo("eventbus:dedupe:notifications:order.completed:key:8");
    }
}
