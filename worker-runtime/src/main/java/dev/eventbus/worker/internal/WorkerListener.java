package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.Outcome;
import java.time.Duration;

/**
 * What the worker's parts report as they work, so metrics can be kept out of them. Methods are
 * called on hot paths: they must be fast and must not throw. All default to doing nothing.
 */
public interface WorkerListener {

    WorkerListener NONE = new WorkerListener() {};

    /** A poll returned {@code messages} messages (0 for an empty long poll). */
    default void polled(int messages) {}

    default void pollFailed(Exception error) {}

    default void deleted(int count) {}

    default void deleteFailed(String code) {}

    default void deadLettered(Failure failure) {}

    default void deadLetterFailed(Failure failure) {}

    /** A message was acked as a duplicate without running its handler. */
    default void duplicate() {}

    /** The dedupe store failed to answer. */
    default void dedupeStoreFailed() {}

    /** A running message's visibility (and dedupe lease) was extended. */
    default void leaseExtended() {}

    /** A running message's lease was lost: its visibility lapsed or its claim was taken. */
    default void leaseLost() {}

    /** A decoded, deduplicated message's handler is about to run. */
    default void handlerStarted(Delivery delivery) {}

    /** A handler finished, after {@code duration}, with {@code outcome}. */
    default void handlerFinished(Delivery delivery, Outcome outcome, Duration duration) {}
}
