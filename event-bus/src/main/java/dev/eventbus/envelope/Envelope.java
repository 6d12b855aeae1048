package dev.eventbus.envelope;

import dev.eventbus.schema.EventVersion;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One event on the wire (envelope v1): what happened ({@code event}), in which schema version, when,
 * and the payload.
 *
 * <p>{@code id} is the producer-assigned event id (a UUIDv7; at most {@value #MAX_ID_LENGTH} printable
 * ASCII characters without spaces) and the key consumers deduplicate on; it is
 * {@code null} only for messages from older monolith code, which sends {@code event}, {@code payload},
 * {@code timestamp} and {@code version} alone. {@code source}, {@code correlationId},
 * {@code causationId} and {@code traceparent} are optional. The fields map onto CloudEvents 1.0 (id,
 * source, type, time, data).
 */
public record Envelope(
        String id,
        String event,
        EventVersion version,
        Instant timestamp,
        String source,
        String correlationId,
        String causationId,
        String traceparent,
        JsonNode payload) {

    public Envelope {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("event type is required");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
        if (!payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object, was " + payload.getNodeType());
        }
        if (id != null && !isId(id)) {
            throw new IllegalArgumentException("id, when present, must be 1 to " + MAX_ID_LENGTH
                    + " printable ASCII characters without spaces (a UUID, typically)");
        }
    }

    /** Longest event id an envelope may carry. */
    public static final int MAX_ID_LENGTH = 128;

    /** 1 to {@link #MAX_ID_LENGTH} characters from {@code !} to {@code ~}: nothing that could split a log line. */
    private static boolean isId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** True for messages in the monolith's older format, which carry no event id. */
    public boolean isLegacy() {
        return id == null;
    }
}
