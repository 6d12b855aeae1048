package dev.eventbus.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OutboxRelay} claims, sends, retries and cleans up. Immutable; {@link #defaults()}, or
 * {@link #builder()} with what differs.
 *
 * @param batchSize rows one claim locks and sends (in SendMessageBatch/PublishBatch requests of ten)
 * @param concurrentBatches claims in progress at once, each in its own transaction on its own connection
 * @param sendConcurrency requests of ten one claim keeps in flight
 * @param pollInterval how often an idle relay looks for rows without being notified; with PostgreSQL's
 *     LISTEN/NOTIFY it is woken at each commit, so this only bounds a missed notification
 * @param listen whether to LISTEN for the insert trigger's notifications (PostgreSQL's JDBC driver needed)
 * @param retryBase first pause after SNS or SQS failed; doubles with each failure in a row, with jitter
 * @param retryMax longest pause between attempts; rows are retried at least this often, forever
 * @param retention how long sent rows are kept before the cleanup deletes them ({@code 0}: at its next run)
 * @param cleanupInterval how often the cleanup runs
 * @param backlogInterval how often the pending count and the oldest pending row's age are read
 * @param shutdownTimeout how long {@link OutboxRelay#close()} waits for claims in progress to finish
 */
public record RelayConfig(
        int batchSize,
        int concurrentBatches,
        int sendConcurrency,
        Duration pollInterval,
        boolean listen,
        Duration retryBase,
        Duration retryMax,
        Duration retention,
        Duration cleanupInterval,
        Duration backlogInterval,
        Duration shutdownTimeout) {

    public static final int DEFAULT_BATCH_SIZE = 200;
    public static final int DEFAULT_CONCURRENT_BATCHES = 2;
    public static final int DEFAULT_SEND_CONCURRENCY = 8;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final boolean DEFAULT_LISTEN = true;
    public static final Duration DEFAULT_RETRY_BASE = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_BACKLOG_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    public RelayConfig {
        positive(batchSize, "batchSize");
        positive(concurrentBatches, "concurrentBatches");
        positive(sendConcurrency, "sendConcurrency");
        positive(pollInterval, "pollInterval");
        positive(retryBase, "retryBase");
        positive(retryMax, "retryMax");
        if (retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("retryMax (" + retryMax + ") must be at least retryBase (" + retryBase + ")");
        }
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, was " + retention);
        }
        positive(cleanupInterval, "cleanupInterval");
        positive(backlogInterval, "backlogInterval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    public static RelayConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().batchSize(batchSize).concurrentBatches(concurrentBatches).sendConcurrency(sendConcurrency)
                .pollInterval(pollInterval).listen(listen).retry(retryBase, retryMax).retention(retention)
                .cleanupInterval(cleanupInterval).backlogInterval(backlogInterval).shutdownTimeout(shutdownTimeout);
    }

    /** The pause before attempt {@code failures + 1}: exponential, capped, between half the ceiling and the ceiling. */
    long retryDelayMillis(int failures, double random) {
        double ceiling = Math.min(retryMax.toMillis(), retryBase.toMillis() * Math.pow(2, Math.max(0, failures - 1)));
        return Math.round(ceiling / 2 + random * ceiling / 2);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Builds a {@link RelayConfig}; every setting starts at its {@code DEFAULT_*}. */
    public static final class Builder {
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int concurrentBatches = DEFAULT_CONCURRENT_BATCHES;
        private int sendConcurrency = DEFAULT_SEND_CONCURRENCY;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean listen = DEFAULT_LISTEN;
        private Duration retryBase = DEFAULT_RETRY_BASE;
        private Duration retryMax = DEFAULT_RETRY_MAX;
        private Duration retention = DEFAULT_RETENTION;
        private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
        private Duration backlogInterval = DEFAULT_BACKLOG_INTERVAL;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

        private Builder() {}

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder concurrentBatches(int concurrentBatches) {
            this.concurrentBatches = concurrentBatches;
            return this;
        }

        public Builder sendConcurrency(int sendConcurrency) {
            this.sendConcurrency = sendConcurrency;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder listen(boolean listen) {
            this.listen = listen;
            return this;
        }

        /** The backoff after SNS or SQS failures: from {@code base}, doubling, capped at {@code max}. */
        public Builder retry(Duration base, Duration max) {
            this.retryBase = base;
            this.retryMax = max;
            return this;
        }

        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        public Builder cleanupInterval(Duration cleanupInterval) {
            this.cleanupInterval = cleanupInterval;
            return this;
        }

        public Builder backlogInterval(Duration backlogInterval) {
            this.backlogInterval = backlogInterval;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public RelayConfig build() {
            return new RelayConfig(batchSize, concurrentBatches, sendConcurrency, pollInterval, listen, retryBase, retryMax,
                    retention, cleanupInterval, backlogInterval, shutdownTimeout);
        }
    }
}
