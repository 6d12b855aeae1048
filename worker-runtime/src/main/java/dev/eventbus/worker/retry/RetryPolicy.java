package dev.eventbus.worker.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a retryable failure waits before its message becomes visible again: exponential in the
 * message's receive count, capped, with jitter so that messages failing together do not return together.
 *
 * <p>The delay before attempt {@code n + 1} (after {@code n} receives) has the ceiling
 * {@code min(max, base * multiplier^(n-1))}; the jitter then picks the actual delay under it. The number
 * of attempts is not part of this policy: the queue's redrive policy (maxReceiveCount) ends them.
 */
public record RetryPolicy(Duration base, double multiplier, Duration max, Jitter jitter) {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(2);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(5);
    /** SQS's ceiling for a visibility timeout. */
    public static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    /**
     * How the delay is drawn under the exponential ceiling.
     *
     * <p>{@link #EQUAL} (the default) waits at least half the ceiling, so a failing dependency always gets
     * breathing room and delays grow from one attempt to the next; {@link #FULL} draws from zero to the
     * ceiling (AWS's "full jitter"), spreading load most but allowing near-immediate retries.
     */
    public enum Jitter {
        NONE,
        EQUAL,
        FULL
    }

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(jitter, "jitter");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base delay must be positive, was " + base);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
        if (max.compareTo(base) < 0 || max.compareTo(SQS_MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("max delay must be within base.." + SQS_MAX_VISIBILITY + ", was " + max);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_BASE, DEFAULT_MULTIPLIER, DEFAULT_MAX, Jitter.EQUAL);
    }

    public static RetryPolicy exponential(Duration base, Duration max) {
        return new RetryPolicy(base, DEFAULT_MULTIPLIER, max, Jitter.EQUAL);
    }

    public RetryPolicy withJitter(Jitter jitter) {
        return new RetryPolicy(base, multiplier, max, jitter);
    }

    /** The ceiling for the delay after {@code receiveCount} receives, before jitter. */
    public Duration ceiling(int receiveCount) {
        int attempts = Math.max(1, receiveCount);
        double millis = base.toMillis() * Math.pow(multiplier, attempts - 1);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    /** The delay after {@code receiveCount} receives, jitter applied. */
    public Duration delay(int receiveCount, RandomGenerator random) {
        long ceiling = ceiling(receiveCount).toMillis();
        long millis = switch (jitter) {
            case NONE -> ceiling;
            case EQUAL -> ceiling / 2 + random.nextLong(ceiling / 2 + 1);
            case FULL -> random.nextLong(ceiling + 1);
        };
        return Duration.ofMillis(millis);
    }
}
