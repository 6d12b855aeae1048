package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.dedupe.Claim;
import dev.eventbus.worker.retry.Classifier;
import java.time.Duration;

/**
 * Puts the handler under the heartbeat: its message's lease is kept while it runs, and if the
 * heartbeat had to interrupt it, the outcome says why: retried later after its time limit, released
 * when the worker is stopping, left alone when the lease was lost. A handler that returned normally
 * despite an interruption stays acked.
 */
public final class LeaseInterceptor implements Interceptor {

    private final Heartbeat heartbeat;
    private final Classifier classifier;
    private final WorkerListener listener;

    public LeaseInterceptor(Heartbeat heartbeat, Classifier classifier, WorkerListener listener) {
        this.heartbeat = heartbeat;
        this.classifier = classifier;
        this.listener = listener;
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        Heartbeat.Lease lease = heartbeat.track(delivery, delivery.tag(Claim.Claimed.class));
        listener.handlerStarted(delivery);
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = explain(chain.proceed(delivery), lease.interruption(), delivery);
        } finally {
            heartbeat.untrack(lease);
            // Clear an interrupt aimed at the handler so the steps that settle the outcome can talk to SQS and Redis.
            Thread.interrupted();
        }
        listener.handlerFinished(delivery, outcome, Duration.ofNanos(System.nanoTime() - started));
        return outcome;
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
            case LEASE_LOST -> new Outcome.LeaseLost("the message's visibility or dedupe claim lapsed while the handler ran");
        };
    }
}
