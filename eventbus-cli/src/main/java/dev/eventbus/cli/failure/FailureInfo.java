package dev.eventbus.cli.failure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a dead-lettered message failed, as far as the worker recorded it, and where that came from.
 *
 * @param reason the failure reason code ({@code handler_error}, {@code malformed_json}, ...)
 * @param attempts how many receives the message had when it failed for the last time
 * @param eventId the envelope's id as the worker saw it, or {@code null}
 * @param keyPart the dedupe key part the worker used ({@code id:...}, {@code key:...}), or {@code null}
 * @param sourceMessageId the message's SQS id on the queue it failed on, or {@code null}
 * @param history every failed attempt the failure record keeps, oldest first, the last one included
 * @param source where this came from: the dead letter's attribute or the failure record in Redis
 */
public record FailureInfo(String reason, String errorClass, String errorMessage, String fingerprint, String handler, String consumer,
        int attempts, Instant failedAt, String eventId, String keyPart, String sourceMessageId, List<String> droppedAttributes,
        List<Attempt> history, Source source) {

    /** Where a failure was read from. */
    public enum Source {
        /** The {@code eventbus.failure} attribute the worker put on the dead letter. */
        ATTRIBUTE,
        /** The event's failure record in Redis (the redrive policy moved the message, so it carries no reason). */
        RECORD
    }

    /** One failed attempt. */
    public record Attempt(int attempt, String reason, String errorClass, String errorMessage, String fingerprint, Instant failedAt) {
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("attempt", attempt);
            f.put("reason", reason);
            f.put("error_class", errorClass);
            f.put("error_message", errorMessage);
            f.put("fingerprint", fingerprint);
            f.put("failed_at", failedAt);
            return f;
        }
    }

    public FailureInfo {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        droppedAttributes = droppedAttributes == null ? List.of() : List.copyOf(droppedAttributes);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The fields scripts see, snake_case. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("reason", reason);
        f.put("error_class", errorClass);
        f.put("error_message", errorMessage);
        f.put("fingerprint", fingerprint);
        f.put("handler", handler);
        f.put("consumer", consumer);
        f.put("attempts", attempts);
        f.put("failed_at", failedAt);
        f.put("event_id", eventId);
        f.put("dedupe_key", keyPart);
        f.put("dropped_attributes", droppedAttributes);
        f.put("source", source);
        return f;
    }
}
