package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails closed while the dedupe store is down: opens on the first failure, which pauses polling (so
 * an outage does not burn receives and push healthy messages into the DLQ) and makes readiness fail;
 * probes the store with growing pauses by what the worker needs of it ({@link DedupeStore#probe()},
 * a write), writes the done markers it was left owing ({@link #owe}), and closes when both succeed.
 * Messages in hand wait for it to close ({@link #awaitClosed}) instead of spending a receive. While
 * closed, {@link #watch} probes the store every few seconds too, so readiness turns false when the
 * store stops taking writes even while no message needs it. Thread-safe.
 */
public final class StoreCircuit implements AutoCloseable {

    public static final Duration DEFAULT_FIRST_PROBE = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_PROBE = Duration.ofSeconds(5);
    /** How often {@link #watch} probes a store that seems healthy. */
    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(StoreCircuit.class);

    private record OwedCompletion(Claim.Claimed claim, Duration ttl) {}

    private final DedupeStore store;
    private final Duration firstProbe;
    private final Duration maxProbe;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closedAgain = lock.newCondition();
    private final List<OwedCompletion> owed = new ArrayList<>();
    private volatile boolean open;
    private volatile boolean closed;
    private Thread prober;
    private Thread watcher;

    public StoreCircuit(DedupeStore store) {
        this(store, DEFAULT_FIRST_PROBE, DEFAULT_MAX_PROBE);
    }

    public StoreCircuit(DedupeStore store, Duration firstProbe, Duration maxProbe) {
        this.store = store;
        this.firstProbe = firstProbe;
        this.maxProbe = maxProbe;
    }

    /** True while the store is considered down: pollers pause and readiness fails. */
    public boolean isOpen() {
        return open;
    }

    /** Records a store failure; the first one opens the circuit and starts probing. */
    public void open(Throwable cause) {
        lock.lock();
        try {
            if (closed || open) {
                return;
            }
            open = true;
            log.warn("dedupe store {} unavailable ({}): pausing polling; messages in hand wait for it, nothing is handled until it"
                    + " takes writes again", store, cause.getMessage());
            prober = Thread.ofVirtual().name("eventbus-dedupe-probe").start(this::probeUntilAvailable);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records done markers that could not be written (their messages were handled and are deleted) and
     * opens the circuit: they are written as soon as the store takes writes again, before polling resumes.
     */
    public void owe(List<Claim.Claimed> claims, Duration ttl, Throwable cause) {
        lock.lock();
        try {
            claims.forEach(c -> owed.add(new OwedCompletion(c, ttl)));
        } finally {
            lock.unlock();
        }
        open(cause);
    }

    /**
     * Probes the store every {@code interval} while the circuit is closed, opening it on a failure; a
     * worker starts this so readiness follows the store when no message is in flight. Until {@link #close()}.
     */
    public void watch(Duration interval) {
        lock.lock();
        try {
            if (closed || watcher != null) {
                return;
            }
            watcher = Thread.ofVirtual().name("eventbus-dedupe-watch").start(() -> {
                while (!closed) {
                    try {
                        Thread.sleep(interval);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!open && !closed) {
                        try {
                            store.probe();
                        } catch (RuntimeException e) {
                            open(e);
                        }
                    }
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the circuit to close; true if it is closed. */
    public boolean awaitClosed(Duration timeout) {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (open && left > 0) {
                left = closedAgain.awaitNanos(left);
            }
            return !open;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !open;
        } finally {
            lock.unlock();
        }
    }

    private void probeUntilAvailable() {
        Duration pause = firstProbe;
        long since = System.nanoTime();
        int written = 0;
        while (!closed) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            try {
                store.probe();
                written += writeOwed();
                lock.lock();
                try {
                    if (!owed.isEmpty()) {
                        continue; // more were owed while these were written
                    }
                    open = false;
                    closedAgain.signalAll();
                } finally {
                    lock.unlock();
                }
                log.info("dedupe store {} takes writes again after {} ms{}: polling resumes", store,
                        (System.nanoTime() - since) / 1_000_000, written == 0 ? "" : " (" + written + " owed done markers written)");
                return;
            } catch (RuntimeException e) {
                pause = pause.multipliedBy(2).compareTo(maxProbe) > 0 ? maxProbe : pause.multipliedBy(2);
            }
        }
    }

    /** Writes the owed done markers; throws if the store fails, keeping those not written. */
    private int writeOwed() {
        List<OwedCompletion> batch;
        lock.lock();
        try {
            batch = List.copyOf(owed);
        } finally {
            lock.unlock();
        }
        int written = 0;
        for (OwedCompletion completion : batch) {
            store.complete(completion.claim(), completion.ttl());
            lock.lock();
            try {
                owed.remove(completion);
            } finally {
                lock.unlock();
            }
            written++;
        }
        return written;
    }

    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            closed = true;
            running = prober;
            if (watcher != null) {
                watcher.interrupt();
            }
            closedAgain.signalAll();
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!owed.isEmpty()) {
            try {
                writeOwed();
            } catch (RuntimeException e) {
                log.warn("{} done markers could not be written before the worker stopped ({}); their events were handled, and a copy"
                        + " delivered after their claims expire would run again", owed.size(), e.getMessage());
            }
        }
    }
}
