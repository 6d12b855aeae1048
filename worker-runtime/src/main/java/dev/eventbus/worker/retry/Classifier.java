package dev.eventbus.worker.retry;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.Outcome;
import java.util.random.RandomGenerator;

/**
 * Turns a failure into an {@link Outcome}, once, at the boundary where it is caught: non-retryable
 * failures are dead-lettered at once, everything else is retried after the policy's backoff.
 *
 * <p>A {@link NonRetryableException} anywhere in an exception's cause chain makes it non-retryable, so
 * a handler that wraps one does not turn a permanent failure into retries. Thread-safe.
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
        if (isNonRetryable(error)) {
            return new Outcome.DeadLettered(Failure.of(FailureReason.NON_RETRYABLE, error, handler));
        }
        return retryLater(Failure.of(FailureReason.HANDLER_ERROR, error, handler), delivery);
    }

    /** The outcome of a failure the worker found itself. */
    public Outcome outcomeOf(Failure failure, Delivery delivery) {
        return failure.reason().retryable() ? retryLater(failure, delivery) : new Outcome.DeadLettered(failure);
    }

    /** Retries {@code failure} after the backoff for the delivery's receive count. */
    public Outcome retryLater(Failure failure, Delivery delivery) {
        return new Outcome.RetryLater(policy.delay(delivery.receiveCount(), random), failure);
    }

    private static boolean isNonRetryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NonRetryableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
