package dev.eventbus.worker.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-flight limit: permits taken before polling (a poll asks only for as many messages as there
 * are free permits) and returned when a message's chain has reached an outcome. Also
 * counts the messages actually in flight and the most there ever were. Thread-safe.
 */
public final class InFlight {

    private final int max;
    private final Semaphore permits;
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    public InFlight(int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /**
     * Takes permits for one receive and returns how many: a full batch of {@code limit} (at most the
     * whole limit) when that many free up within {@code patience}, else at least one and whatever else
     * is free. Waiting briefly for a full batch matters for throughput: a receive costs SQS about the
     * same for 1 message as for 10, and polling with one or two free permits at a time (what happens
     * when handlers finish one by one) halves the messages per receive.
     */
    int acquireBatch(int limit, long patienceMillis) throws InterruptedException {
        int batch = Math.min(limit, max);
        if (permits.tryAcquire(batch, patienceMillis, TimeUnit.MILLISECONDS)) {
            return batch;
        }
        permits.acquire();
        int taken = 1;
        while (taken < batch && permits.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    /** Returns permits that a poll did not use. */
    void release(int count) {
        if (count > 0) {
            permits.release(count);
        }
    }

    /** Records {@code count} received messages now in flight (their permits are already taken). */
    void received(int count) {
        int now = messages.addAndGet(count);
        peak.accumulateAndGet(now, Math::max);
    }

    /** Records one message finished and returns its permit. */
    void finished() {
        messages.decrementAndGet();
        permits.release();
    }

    public int max() {
        return max;
    }

    /** Messages received and not yet finished. */
    public int messages() {
        return messages.get();
    }

    /** The most messages ever in flight at once. */
    public int peak() {
        return peak.get();
    }
}
