package dev.eventbus.worker.retry;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.dedupe.DedupeUnavailableException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Turns a failure into an {@link Outcome}, once, at the boundary where it is caught: non-retryable
 * failures are dead-lettered at once, everything else is retried after the policy's backoff.
 *
 * <p>A {@link NonRetryableException} anywhere in an exception's cause chain makes it non-retryable, so
 * a handler that wraps one does not turn a permanent failure into retries; a
 * {@link DedupeUnavailableException} (the dedupe store failed under {@code Event.once}) makes it
 * {@code dedupe_unavailable}. Thread-safe.
 */
public final class Classifier {

    private final RetryPolicy policy;
    private final RandomGenerator random;

    public Classifier(RetryPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** The outcome of {@code error}, thrown while {@code handler} (may be {@code null}) worked on {@code delivery}. */
    public Outcome classify(Throwable error, Delivery delivery, String handler) {
        if (causedBy(error, NonRetryableException.class)) {
            return new Outcome.DeadLettered(Failure.of(FailureReason.NON_RETRYABLE, error, handler));
        }
        if (causedBy(error, DedupeUnavailableException.class)) {
            // The handler could not reach the dedupe store (Event.once): the store's failure, not the handler's.
            return retryLater(Failure.of(FailureReason.DEDUPE_UNAVAILABLE, error, handler), delivery);
        }
        return retryLater(Failure.of(FailureReason.HANDLER_ERROR, error, handler), delivery);
    }

    /** The outcome of a failure the worker found itself. */
    public Outcome outcomeOf(Failure failure, Delivery delivery) {
        return failure.reason().retryable() ? retryLater(failure, delivery) : new Outcome.DeadLettered(failure);
    }

    /** Retries {@code failure} after the backoff for the delivery's receive count. */
    public Outcome retryLater(Failure failure, Delivery delivery) {
        return new Outcome.RetryLater(backoff(delivery), failure);
    }

    /** The policy's delay (jitter applied) after the delivery's receive count. */
    public Duration backoff(Delivery delivery) {
        return policy.delay(delivery.receiveCount(), random);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
