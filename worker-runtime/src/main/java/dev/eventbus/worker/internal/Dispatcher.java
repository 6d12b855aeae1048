package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.retry.Classifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each received message through the interceptor chain on a virtual thread of its own, returns the
 * message's in-flight permit as soon as the chain has an outcome, and hands the outcome to the
 * acknowledger (which may block a moment sending a full batch; the permit lets the next receive start
 * meanwhile). Thread-safe.
 */
public final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final List<Interceptor> chain;
    private final Acknowledger acknowledger;
    private final Classifier classifier;
    private final InFlight inFlight;
    private final ThreadFactory threads = Thread.ofVirtual().name("eventbus-handler-", 0).factory();
    /**
     * Messages between the start of their handling and the end of their submission to the
     * acknowledger; it outlives the in-flight count, which ends when the outcome is known.
     */
    private final AtomicInteger handling = new AtomicInteger();

    public Dispatcher(List<Interceptor> chain, Acknowledger acknowledger, Classifier classifier, InFlight inFlight) {
        this.chain = List.copyOf(chain);
        this.acknowledger = acknowledger;
        this.classifier = classifier;
        this.inFlight = inFlight;
    }

    /** Starts handling a delivery whose in-flight permit the poller already holds. */
    void dispatch(Delivery delivery) {
        threads.newThread(() -> handle(delivery)).start();
    }

    private void handle(Delivery delivery) {
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
                inFlight.finished();
            }
            acknowledger.submit(delivery, outcome);
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
