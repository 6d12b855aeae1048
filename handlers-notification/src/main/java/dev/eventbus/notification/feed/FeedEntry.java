package dev.eventbus.notification.feed;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of an activity feed: what happened ({@code kind}, the event type, e.g. {@code order.completed}),
 * when, and a few display details (order id, total; never an email address).
 *
 * @param id the entry's identity: the event id, or a key derived from the event's business key for
 *     messages without one. A feed holds at most one entry per id.
 * @param kind the event type
 * @param at when the event happened; feeds are ordered by it, newest first
 * @param details display values, sorted by name
 */
public record FeedEntry(String id, String kind, Instant at, Map<String, String> details) {

    /** Longest entry id accepted. */
    public static final int MAX_ID_LENGTH = 200;

    public FeedEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a feed entry id has 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (kind.isBlank()) {
            throw new IllegalArgumentException("a feed entry needs a kind");
        }
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }
}
