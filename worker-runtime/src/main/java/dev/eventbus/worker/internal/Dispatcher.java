package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.dedupe.ClaimBatch;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.retry.Classifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each received message through the interceptor chain on a virtual thread of its own (the
 * messages of one receive sharing a {@link ClaimBatch} when there is a dedupe store), returns the
 * message's in-flight permit as soon as the chain has an outcome, and hands the outcome to the
 * acknowledger (which may block a moment sending a full batch; the permit lets the next receive start
 * meanwhile). Thread-safe.
 */
public final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** How long a message's claim waits for the rest of its receive's claims before going out without them. */
    private static final Duration CLAIM_PATIENCE = Duration.ofMillis(10);

    private final List<Interceptor> chain;
    private final DedupeStore dedupe;
    private final Acknowledger acknowledger;
    private final Classifier classifier;
    private final InFlight inFlight;
    /**
     * One name for every handler thread, without a counter: numbering them cost about 0.6% of a worker's
     * CPU in profiles (a string built per message), and a thread dump tells them apart by id anyway.
     */
    private final ThreadFactory threads = Thread.ofVirtual().name("eventbus-handler").factory();
    /**
     * Messages between the start of their handling and the end of their submission to the
     * acknowledger; it outlives the in-flight count, which ends when the outcome is known.
     */
    private final AtomicInteger handling = new AtomicInteger();

    /**
     * A dispatcher whose received batches claim their events in {@code dedupe} together (see
     * {@link ClaimBatch}); {@code null} when the worker has no dedupe store.
     */
    public Dispatcher(List<Interceptor> chain, Acknowledger acknowledger, Classifier classifier, InFlight inFlight,
            DedupeStore dedupe) {
        this.dedupe = dedupe;
        this.chain = List.copyOf(chain);
        this.acknowledger = acknowledger;
        this.classifier = classifier;
        this.inFlight = inFlight;
    }

    /** Starts handling the deliveries of one receive, whose in-flight permits the poller already holds. */
    void dispatch(List<Delivery> deliveries) {
        if (dedupe == null) {
            for (Delivery delivery : deliveries) {
                threads.newThread(() -> handle(delivery, null)).start();
            }
            return;
        }
        List<ClaimBatch.Slot> slots = ClaimBatch.open(dedupe, deliveries.size(), CLAIM_PATIENCE);
        for (int i = 0; i < deliveries.size(); i++) {
            ClaimBatch.Slot slot = slots.get(i);
            Delivery delivery = deliveries.get(i).withTag(ClaimBatch.Slot.class, slot);
            threads.newThread(() -> handle(delivery, slot)).start();
        }
    }

    private void handle(Delivery delivery, ClaimBatch.Slot slot) {
        Outcome outcome;
        handling.incrementAndGet();
        try {
            try {
                outcome = RealChain.run(chain, delivery);
            } catch (RuntimeException | Error e) {
                // Interceptors return outcomes; one that throws is a bug, classified like a handler failure.
                log.error("an interceptor failed on message {}", delivery.messageId(), e);
                outcome = classifier.classify(e, delivery, null);
            } finally {
                if (slot != null) {
                    slot.leave();
                }
                inFlight.finished();
            }
            acknowledger.submit(delivery, outcome, slot == null ? null : slot.toComplete());
        } finally {
            handling.decrementAndGet();
        }
    }

    /**
     * Waits until no message is running and every outcome is with the acknowledger, or the timeout
     * passes; true if so.
     */
    public boolean awaitIdleFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.messages() > 0 || handling.get() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
