package dev.eventbus.worker;

import dev.eventbus.worker.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Worker} polls, how many messages it works on at once, and how it retries and shuts down.
 * Immutable; start from {@link #defaults()} and change what differs with the {@code with}-methods.
 *
 * @param pollers concurrent long polls on the queue
 * @param maxInFlight most messages received and not yet finished, across all pollers; each poll asks
 *     only for as many as are free
 * @param maxMessagesPerPoll at most 10 (SQS's limit)
 * @param waitTime long-poll wait, at most 20 s
 * @param visibilityTimeout visibility asked for on receive; {@code null} keeps the queue's own
 * @param shutdownGrace how long a stopping worker lets running handlers finish
 * @param ackFlushInterval longest a delete or visibility change waits to fill a batch of 10
 * @param retry backoff for retryable failures
 * @param handlerTimeout longest a handler may run; the heartbeat keeps its message invisible until then,
 *     then interrupts it and retries the message later
 * @param dedupeTtl how long a handled event is remembered; longer than the DLQ's retention, so a replay
 *     from the DLQ is still recognised
 * @param failureTtl how long an event's failure record is kept for on-call to look up
 * @param percentileHistograms whether the worker's timers publish percentile histograms (about 70
 *     buckets per timer and tag combination, for Prometheus {@code histogram_quantile}); off by default,
 *     when each timer is a count, a sum and a maximum
 */
public record WorkerConfig(
        int pollers,
        int maxInFlight,
        int maxMessagesPerPoll,
        Duration waitTime,
        Duration visibilityTimeout,
        Duration shutdownGrace,
        Duration ackFlushInterval,
        RetryPolicy retry,
        Duration handlerTimeout,
        Duration dedupeTtl,
        Duration failureTtl,
        boolean percentileHistograms) {

    public static final int DEFAULT_POLLERS = 2;
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final int DEFAULT_MAX_MESSAGES_PER_POLL = 10;
    public static final Duration DEFAULT_WAIT_TIME = Duration.ofSeconds(20);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(25);
    public static final Duration DEFAULT_ACK_FLUSH_INTERVAL = Duration.ofMillis(50);
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofMinutes(15);
    /** 15 days: SQS keeps a DLQ message at most 14 days. */
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofDays(15);
    public static final Duration DEFAULT_FAILURE_TTL = Duration.ofDays(14);
    /** Percentile histograms multiply a timer's series by about 70; teams that chart quantiles turn them on. */
    public static final boolean DEFAULT_PERCENTILE_HISTOGRAMS = false;
    /** Done markers must outlive every redelivery and replay; ARCHITECTURE.md asks for at least 7 days. */
    public static final Duration MIN_DEDUPE_TTL = Duration.ofDays(7);

    public WorkerConfig {
        if (pollers < 1) {
            throw new IllegalArgumentException("pollers must be >= 1, was " + pollers);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
        }
        if (maxMessagesPerPoll < 1 || maxMessagesPerPoll > 10) {
            throw new IllegalArgumentException("maxMessagesPerPoll must be within 1..10, was " + maxMessagesPerPoll);
        }
        Objects.requireNonNull(waitTime, "waitTime");
        if (waitTime.isNegative() || waitTime.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("waitTime must be within 0..20 s, was " + waitTime);
        }
        if (visibilityTimeout != null
                && (visibilityTimeout.toSeconds() < 1 || visibilityTimeout.compareTo(RetryPolicy.SQS_MAX_VISIBILITY) > 0)) {
            throw new IllegalArgumentException("visibilityTimeout must be within 1 s..12 h, was " + visibilityTimeout);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(ackFlushInterval, "ackFlushInterval");
        if (ackFlushInterval.isNegative() || ackFlushInterval.isZero()) {
            throw new IllegalArgumentException("ackFlushInterval must be positive, was " + ackFlushInterval);
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        if (handlerTimeout.toSeconds() < 1 || handlerTimeout.compareTo(RetryPolicy.SQS_MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("handlerTimeout must be within 1 s..12 h (SQS's visibility ceiling), was " + handlerTimeout);
        }
        Objects.requireNonNull(dedupeTtl, "dedupeTtl");
        if (dedupeTtl.compareTo(MIN_DEDUPE_TTL) < 0) {
            throw new IllegalArgumentException("dedupeTtl must be at least " + MIN_DEDUPE_TTL.toDays()
                    + " days, longer than any redelivery or DLQ replay, was " + dedupeTtl);
        }
        Objects.requireNonNull(failureTtl, "failureTtl");
    }

    public static WorkerConfig defaults() {
        return new WorkerConfig(DEFAULT_POLLERS, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_MESSAGES_PER_POLL, DEFAULT_WAIT_TIME,
                null, DEFAULT_SHUTDOWN_GRACE, DEFAULT_ACK_FLUSH_INTERVAL, RetryPolicy.defaults(), DEFAULT_HANDLER_TIMEOUT,
                DEFAULT_DEDUPE_TTL, DEFAULT_FAILURE_TTL, DEFAULT_PERCENTILE_HISTOGRAMS);
    }

    public WorkerConfig withPollers(int pollers) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withMaxInFlight(int maxInFlight) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withMaxMessagesPerPoll(int maxMessagesPerPoll) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withWaitTime(Duration waitTime) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withVisibilityTimeout(Duration visibilityTimeout) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withShutdownGrace(Duration shutdownGrace) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withAckFlushInterval(Duration ackFlushInterval) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withRetry(RetryPolicy retry) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withHandlerTimeout(Duration handlerTimeout) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withDedupeTtl(Duration dedupeTtl) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withFailureTtl(Duration failureTtl) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }

    public WorkerConfig withPercentileHistograms(boolean percentileHistograms) {
        return new WorkerConfig(pollers, maxInFlight, maxMessagesPerPoll, waitTime, visibilityTimeout, shutdownGrace,
                ackFlushInterval, retry, handlerTimeout, dedupeTtl, failureTtl, percentileHistograms);
    }
}
