package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one event stands in the dedupe store, as {@link DedupeStore#inspect} reads it.
 *
 * @param status whether an attempt holds the event's claim, it was handled, or neither
 * @param timeLeft how long the claim or done marker lives on; empty for {@link Status#NEVER_SEEN}
 * @param steps the names of the handler steps ({@code event.once(name, ...)}) completed so far, sorted;
 *     an event can have completed steps and no claim when its last attempt failed after them
 */
public record DedupeState(Status status, Optional<Duration> timeLeft, List<String> steps) {

    /** The state of an event's claim key. */
    public enum Status {
        /** No claim and no done marker: never handled here, or its last attempt failed and released it. */
        NEVER_SEEN,
        /** An attempt holds the claim right now (or held it and its lease has not run out yet). */
        CLAIMED,
        /** Handled; another delivery is acked as a duplicate without running the handler. */
        DONE
    }

    public DedupeState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timeLeft, "timeLeft");
        steps = List.copyOf(steps);
    }
}
