package dev.eventbus.schema;

import tools.jackson.databind.JsonNode;

/**
 * Converts a payload of one major version of an event into the next major, so a handler written for
 * major N+1 can read messages still published as major N. Upcasters chain one step at a time
 * (1 to 2, then 2 to 3); there is no downcasting.
 *
 * <p>Implementations are pure and deterministic: the same input gives an equal output, the input is
 * never modified, and no I/O happens. The input has passed tolerant validation against major
 * {@link #fromMajor()} (it may carry properties of minors newer than the upcaster knows, which are
 * dropped); the output must be valid against the newest minor of major {@code fromMajor() + 1}.
 * Thread-safe.
 */
public interface Upcaster {

    /** The event this upcaster converts, e.g. {@code order.completed}. */
    String event();

    /** The major it reads; it produces {@code fromMajor() + 1}. */
    int fromMajor();

    /**
     * Returns a new payload of the next major.
     *
     * @throws UpcastException if this payload cannot be expressed in the next major; retrying will not
     *     help
     */
    JsonNode upcast(JsonNode payload);
}
