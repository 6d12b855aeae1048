package dev.eventbus.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.worker.retry.RetryPolicy.Jitter;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), Jitter.EQUAL);

    @Test
    void ceilingDoublesWithEachReceiveUntilTheCap() {
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(policy.ceiling(6)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.ceiling(1_000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void equalJitterStaysBetweenHalfTheCeilingAndTheCeilingSoDelaysGrow() {
        SplittableRandom random = new SplittableRandom(7);
        for (int receives = 1; receives <= 8; receives++) {
            long ceiling = policy.ceiling(receives).toMillis();
            for (int i = 0; i < 1_000; i++) {
                assertThat(policy.delay(receives, random).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void fullJitterDrawsFromZeroToTheCeilingAndSpreadsOut() {
        RetryPolicy full = policy.withJitter(Jitter.FULL);
        SplittableRandom random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long delay = full.delay(3, random).toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(500);
        assertThat(max).isGreaterThan(7_500).isLessThanOrEqualTo(8_000);
    }

    @Test
    void noJitterIsTheCeiling() {
        assertThat(policy.withJitter(Jitter.NONE).delay(3, new SplittableRandom())).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void rejectsDelaysSqsCannotExpress() {
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofHours(13)))
                .hasMessageContaining("max delay");
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("base delay");
    }
}
