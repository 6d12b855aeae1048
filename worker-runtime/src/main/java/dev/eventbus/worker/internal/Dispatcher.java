package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.retry.Classifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each received message through the interceptor chain on a virtual thread of its own, hands the
 * outcome to the acknowledger, and returns the message's in-flight permit. Knows which messages are
 * running, for the heartbeat and for shutdown. Thread-safe.
 */
public final class Dispatcher {

    /** A message being handled: its delivery, the thread running it, and when it started. */
    public record Running(Delivery delivery, Thread thread, Instant startedAt) {}

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final List<Interceptor> chain;
    private final Acknowledger acknowledger;
    private final Classifier classifier;
    private final InFlight inFlight;
    private final Consumer<Running> onFinished;
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();

    public Dispatcher(List<Interceptor> chain, Acknowledger acknowledger, Classifier classifier, InFlight inFlight,
            Consumer<Running> onFinished) {
        this.chain = List.copyOf(chain);
        this.acknowledger = acknowledger;
        this.classifier = classifier;
        this.inFlight = inFlight;
        this.onFinished = onFinished;
    }

    /** Starts handling a delivery whose in-flight permit the poller already holds. */
    void dispatch(Delivery delivery) {
        Thread.ofVirtual().name("eventbus-handler-", 0).start(() -> handle(delivery));
    }

    private void handle(Delivery delivery) {
        Running entry = new Running(delivery, Thread.currentThread(), Instant.now());
        running.put(delivery.receiptHandle(), entry);
        try {
            Outcome outcome;
            try {
                outcome = RealChain.run(chain, delivery);
            } catch (RuntimeException | Error e) {
                // Interceptors return outcomes; one that throws is a bug, classified like a handler failure.
                log.error("an interceptor failed on message {}", delivery.messageId(), e);
                outcome = classifier.classify(e, delivery, null);
            }
            acknowledger.submit(delivery, outcome);
        } finally {
            running.remove(delivery.receiptHandle());
            inFlight.finished();
            onFinished.accept(entry);
            Thread.interrupted();
        }
    }

    /** The messages being handled right now. */
    public Collection<Running> running() {
        return running.values();
    }

    /** Waits until no message is running, or the timeout passes; true if none is running. */
    public boolean awaitIdleFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() || inFlight.messages() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Interrupts every running handler (used when the shutdown grace period is over). */
    public void interruptRunning() {
        running.values().forEach(r -> r.thread().interrupt());
    }
}
