package dev.eventbus.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What every contender's "handler" does: count, and in a latency run note publish-to-handler time. */
final class Counter {

    private final AtomicLong handled = new AtomicLong();
    private final long[] latencyMicros;
    private final AtomicInteger latencyCount = new AtomicInteger();

    Counter(int latencySamples) {
        this.latencyMicros = latencySamples > 0 ? new long[latencySamples] : null;
    }

    boolean timesLatency() {
        return latencyMicros != null;
    }

    void add(long n) {
        handled.addAndGet(n);
    }

    void hit() {
        handled.incrementAndGet();
    }

    /** Handler start: now minus the publish time carried in the payload. */
    void started(Instant published) {
        if (latencyMicros == null || published == null) {
            return;
        }
        long micros = Duration.between(published, Instant.now()).toNanos() / 1_000;
        int i = latencyCount.getAndIncrement();
        if (i < latencyMicros.length) {
            latencyMicros[i] = micros;
        }
    }

    long handled() {
        return handled.get();
    }

    /** p50, p99 and max in milliseconds. */
    double[] latencyMillis() {
        int n = Math.min(latencyCount.get(), latencyMicros.length);
        long[] sorted = Arrays.copyOf(latencyMicros, n);
        Arrays.sort(sorted);
        if (n == 0) {
            return new double[] {0, 0, 0};
        }
        return new double[] {
            sorted[(int) Math.min(n - 1, Math.ceil(n * 0.50) - 1)] / 1000.0,
            sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1000.0,
            sorted[n - 1] / 1000.0};
    }
}
