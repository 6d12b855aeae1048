package dev.eventbus.cli.replay;

/**
 * Spaces sends to at most a given number of messages per second across every replaying thread: each
 * call reserves its messages' slots after those already reserved and sleeps until its turn. Unlimited
 * when the rate is 0. Thread-safe.
 */
final class RateLimiter {

    private final double perSecond;
    private long nextFree = System.nanoTime();

    RateLimiter(double perSecond) {
        this.perSecond = perSecond;
    }

    boolean limited() {
        return perSecond > 0;
    }

    /** How many messages to send per request so that a batch never bursts past about a second's worth. */
    int batchSize() {
        return perSecond <= 0 ? 10 : (int) Math.max(1, Math.min(10, perSecond));
    }

    /** Waits until {@code messages} more may be sent. */
    void acquire(int messages) throws InterruptedException {
        if (perSecond <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            nextFree = Math.max(nextFree, now);
            wait = nextFree - now;
            nextFree += (long) (messages * 1e9 / perSecond);
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
