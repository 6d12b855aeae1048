package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Event;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Handler;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.Registration;
import dev.eventbus.worker.retry.Classifier;
import java.time.Duration;

/**
 * The end of the chain: runs the handler, interruptible only while it runs (its message's lease says
 * so). Returning is {@link Outcome#acked()}; an exception is classified into a retry or a dead letter;
 * if the heartbeat interrupted it, the outcome says why: retried later after its time limit, released
 * when the worker is stopping, lease lost. A handler that returned normally despite an interruption
 * stays acked.
 */
public final class HandlerInvoker implements Interceptor {

    private final Classifier classifier;
    private final WorkerListener listener;

    public HandlerInvoker(Classifier classifier, WorkerListener listener) {
        this.classifier = classifier;
        this.listener = listener;
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        Registration<?> registration = delivery.registration();
        if (registration == null) {
            throw new IllegalStateException("the decode step must run before the handler");
        }
        Heartbeat.Lease lease = delivery.tag(Heartbeat.Lease.class);
        if (lease != null && !lease.begin()) {
            return new Outcome.Released("the worker is stopping; the handler did not start");
        }
        listener.handlerStarted(delivery);
        long started = System.nanoTime();
        Outcome outcome;
        Heartbeat.Interruption interruption = Heartbeat.Interruption.NONE;
        try {
            outcome = run(registration, delivery);
        } finally {
            if (lease != null) {
                interruption = lease.end();
            }
        }
        outcome = explain(outcome, interruption, delivery);
        listener.handlerFinished(delivery, outcome, Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }

    private Outcome run(Registration<?> registration, Delivery delivery) {
        try {
            invoke(registration, delivery);
            return Outcome.acked();
        } catch (VirtualMachineError e) {
            if (e instanceof StackOverflowError) {
                return classifier.classify(e, delivery, registration.name());
            }
            throw e;
        } catch (Exception | LinkageError | AssertionError e) {
            return classifier.classify(e, delivery, registration.name());
        }
    }

    private Outcome explain(Outcome outcome, Heartbeat.Interruption interruption, Delivery delivery) {
        if (outcome instanceof Outcome.Acked) {
            return outcome;
        }
        String handler = delivery.registration().name();
        return switch (interruption) {
            case NONE -> outcome;
            case TIMEOUT -> classifier.retryLater(Failure.of(FailureReason.TIMEOUT, "the handler ran past its time limit", handler), delivery);
            case SHUTDOWN -> new Outcome.Released("the worker stopped before the handler finished");
            case LEASE_LOST -> new Outcome.LeaseLost("SQS refused to extend the message's visibility or another attempt took its"
                    + " claim while the handler ran");
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> void invoke(Registration<T> registration, Delivery delivery) throws Exception {
        Handler<T> handler = registration.handler();
        handler.handle(new Event<>(delivery.envelope(), (T) delivery.payload(), delivery));
    }
}
