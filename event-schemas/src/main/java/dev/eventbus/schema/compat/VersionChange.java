package dev.eventbus.schema.compat;

import dev.eventbus.schema.EventVersion;
import java.util.Objects;

/**
 * A {@link Change} between two minors of one event's major, as the catalog-wide check reports it.
 *
 * @param event the event, e.g. {@code order.completed}
 * @param from the older minor
 * @param to the newer minor of the same major
 * @param change what differs
 */
public record VersionChange(String event, EventVersion from, EventVersion to, Change change) {

    public VersionChange {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(change, "change");
        if (!from.sameMajorAs(to) || from.compareTo(to) >= 0) {
            throw new IllegalArgumentException("compatibility is checked from an older to a newer minor of one major, not "
                    + from + " -> " + to);
        }
    }

    public boolean breaking() {
        return change.breaking();
    }

    /**
     * The change in plain words: {@code order.completed 1.2 -> 1.3 at /properties/line_items/items/properties/qty:
     * rule B3 (type changed): line_items[].qty: type changed from integer to string}.
     */
    @Override
    public String toString() {
        return event + " " + from + " -> " + to + " at " + (change.pointer().isEmpty() ? "(root)" : change.pointer())
                + ": rule " + change.rule() + " (" + change.rule().summary() + "): " + change.description();
    }
}
