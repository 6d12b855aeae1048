package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails closed while the dedupe store is down: opens on the first failure, which pauses polling (so
 * a Redis outage does not burn receives and push healthy messages into the DLQ), probes the store with
 * growing pauses, and closes when it answers again. Thread-safe.
 */
public final class StoreCircuit implements AutoCloseable {

    public static final Duration DEFAULT_FIRST_PROBE = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_PROBE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(StoreCircuit.class);

    private final DedupeStore store;
    private final Duration firstProbe;
    private final Duration maxProbe;
    private final AtomicBoolean open = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread prober;

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
        return open.get();
    }

    /** Records a store failure; the first one opens the circuit and starts probing. */
    public void open(Throwable cause) {
        if (closed || !open.compareAndSet(false, true)) {
            return;
        }
        log.warn("dedupe store {} unavailable ({}): pausing polling; nothing is handled until it answers", store, cause.getMessage());
        prober = Thread.ofVirtual().name("eventbus-dedupe-probe").start(this::probeUntilAvailable);
    }

    private void probeUntilAvailable() {
        Duration pause = firstProbe;
        long since = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            try {
                store.ping();
                open.set(false);
                log.info("dedupe store {} answers again after {} ms: polling resumes", store, (System.nanoTime() - since) / 1_000_000);
                return;
            } catch (RuntimeException e) {
                pause = pause.multipliedBy(2).compareTo(maxProbe) > 0 ? maxProbe : pause.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running = prober;
        if (running != null) {
            running.interrupt();
        }
    }
}
