package dev.eventbus.notification.email;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Holds emails back while their transport is down, so an outage does not turn every queued event into a
 * retry that spends one of its SQS receives (and, past maxReceiveCount, a dead letter).
 *
 * <p>Up: every send goes straight through. When a send finds the transport unavailable the gate goes
 * down; from then on one send at a time probes it, after a pause that doubles from
 * {@link #DEFAULT_FIRST_PAUSE} up to {@link #DEFAULT_MAX_PAUSE}, while the others wait. The first probe
 * that succeeds opens the gate for all. A waiting send gives up after its hold time; the handler then
 * fails that attempt and the worker's backoff takes over. While sends wait, they hold the worker's
 * in-flight permits, so the worker stops receiving until the transport is back; the worker's heartbeat
 * keeps their messages invisible. Waiting is interruptible (shutdown, lease lost). Thread-safe.
 */
public final class OutageGate {

    public static final Duration DEFAULT_FIRST_PAUSE = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_PAUSE = Duration.ofSeconds(5);

    /** What a send may do now. */
    public enum Pass {
        /** The transport is up: send. */
        OPEN,
        /** The transport is down and this send is the probe: send, and report the result. */
        PROBE
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LongSupplier nanoTime;
    private final long firstPause;
    private final long maxPause;
    private boolean down;
    private boolean probing;
    private long nextProbeAt;
    private long pause;
    private int waiting;

    public OutageGate() {
        this(DEFAULT_FIRST_PAUSE, DEFAULT_MAX_PAUSE, System::nanoTime);
    }

    OutageGate(Duration firstPause, Duration maxPause, LongSupplier nanoTime) {
        this.firstPause = firstPause.toNanos();
        this.maxPause = maxPause.toNanos();
        this.nanoTime = nanoTime;
        this.pause = this.firstPause;
    }

    /**
     * Waits until this send may go: at once while the transport is up; while it is down, until this send
     * is the next probe or a probe succeeded.
     *
     * @return how it may go, or {@code null} if {@code hold} passed first
     */
    public Pass await(Duration hold) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + hold.toNanos();
        lock.lockInterruptibly();
        try {
            waiting++;
            try {
                while (true) {
                    if (!down) {
                        return Pass.OPEN;
                    }
                    long now = nanoTime.getAsLong();
                    if (!probing && now >= nextProbeAt) {
                        probing = true;
                        return Pass.PROBE;
                    }
                    if (now >= deadline) {
                        return null;
                    }
                    long until = probing ? deadline : Math.min(deadline, nextProbeAt);
                    changed.awaitNanos(Math.max(1_000_000, until - now));
                }
            } finally {
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The send that passed succeeded: the transport is up. */
    public void succeeded(Pass pass) {
        lock.lock();
        try {
            if (pass == Pass.PROBE) {
                probing = false;
            }
            if (down) {
                down = false;
                pause = firstPause;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The send that passed found the transport unavailable: the gate goes (or stays) down. */
    public void unavailable(Pass pass) {
        lock.lock();
        try {
            if (pass == Pass.PROBE) {
                probing = false;
                pause = Math.min(maxPause, pause * 2);
            }
            if (!down) {
                down = true;
                pause = firstPause;
            }
            nextProbeAt = nanoTime.getAsLong() + pause;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The send that passed failed for another reason (the transport answered): it says nothing about an outage. */
    public void otherwise(Pass pass) {
        succeeded(pass);
    }

    /** True while the transport is believed down. */
    public boolean isDown() {
        lock.lock();
        try {
            return down;
        } finally {
            lock.unlock();
        }
    }

    /** Sends waiting for the transport now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    long pauseNanos() {
        return pause;
    }
}
