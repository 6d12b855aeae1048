package dev.eventbus.worker.dedupe;

import java.util.List;

/**
 * What {@link DedupeStore#forget} removed, so the event's next delivery runs its handler (and every
 * step) again.
 *
 * @param doneMarker whether the event's done marker was removed
 * @param steps the names of the completed steps whose markers were removed, sorted
 * @param heldByAttempt true when an attempt held the event's claim, in which case nothing was removed:
 *     forgetting a running attempt's steps would let them run twice
 */
public record Forgotten(boolean doneMarker, List<String> steps, boolean heldByAttempt) {

    public Forgotten {
        steps = List.copyOf(steps);
    }

    /** True when nothing was removed. */
    public boolean nothing() {
        return !doneMarker && steps.isEmpty();
    }
}
