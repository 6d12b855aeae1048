package dev.eventbus.worker.dedupe;

import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The failed attempts of an event at one consumer, kept in the dedupe store (with a TTL as long as the
 * DLQ's retention) so that when the queue's redrive policy moves a message to the DLQ after its last
 * attempt, which carries no reason, on-call can still find out why by event id.
 *
 * <p>The record's own fields describe the last failed attempt; {@code history} lists every failed
 * attempt the store still holds, oldest first, the last one included, at most {@value #MAX_HISTORY}.
 *
 * @param key the event's claim key
 * @param messageId the SQS message id of the last failed attempt
 * @param attempts the last failed attempt's receive count
 */
public record FailureRecord(
        String consumer,
        String event,
        String key,
        String messageId,
        Failure failure,
        int attempts,
        Instant failedAt,
        List<Attempt> history) {

    /** Most failed attempts an event's record keeps; older ones are dropped. */
    public static final int MAX_HISTORY = 10;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One failed attempt, as the history lists it. */
    public record Attempt(int attempt, FailureReason reason, String errorClass, String errorMessage, String fingerprint,
            Instant failedAt) {

        public Attempt {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(failedAt, "failedAt");
        }
    }

    public FailureRecord {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(failedAt, "failedAt");
        history = List.copyOf(history);
    }

    /** The record of one failed attempt, before the store adds the earlier ones. */
    public FailureRecord(String consumer, String event, String key, String messageId, Failure failure, int attempts, Instant failedAt) {
        this(consumer, event, key, messageId, failure, attempts, failedAt, List.of());
    }

    /** The reason code of the last failure ({@link FailureReason#code()}). */
    public String reason() {
        return failure.reason().code();
    }

    /** This attempt as a history entry. */
    public Attempt attempt() {
        return new Attempt(attempts, failure.reason(), failure.errorClass(), failure.message(), failure.fingerprint(), failedAt);
    }

    /**
     * The record of the newest of {@code attempts} (oldest first), with all of them, at most the last
     * {@value #MAX_HISTORY}, as its history.
     */
    static FailureRecord of(List<FailureRecord> attempts) {
        List<FailureRecord> kept = attempts.subList(Math.max(0, attempts.size() - MAX_HISTORY), attempts.size());
        FailureRecord last = kept.get(kept.size() - 1);
        return new FailureRecord(last.consumer, last.event, last.key, last.messageId, last.failure, last.attempts, last.failedAt,
                kept.stream().map(FailureRecord::attempt).toList());
    }

    /**
     * The record as compact JSON with snake_case names: {@code consumer}, {@code event}, {@code key},
     * {@code message_id}, {@code reason} (its code), {@code error_class}, {@code error_message},
     * {@code fingerprint}, {@code handler}, {@code attempts}, {@code failed_at}, and {@code history}, a
     * list of {@code {attempt, reason, error_class, error_message, fingerprint, failed_at}}.
     */
    public String toJson() {
        ObjectNode node = entry();
        ArrayNode list = node.putArray("history");
        for (Attempt a : history) {
            list.addObject()
                    .put("attempt", a.attempt())
                    .put("reason", a.reason().code())
                    .put("error_class", a.errorClass())
                    .put("error_message", a.errorMessage())
                    .put("fingerprint", a.fingerprint())
                    .put("failed_at", a.failedAt().toString());
        }
        return JSON.writeValueAsString(node);
    }

    /** Reads {@link #toJson()}'s output (a missing {@code history} reads as empty). */
    public static FailureRecord fromJson(String json) {
        JsonNode node = JSON.readTree(json);
        List<Attempt> history = new ArrayList<>();
        for (JsonNode a : node.path("history").values()) {
            history.add(new Attempt(a.path("attempt").asInt(), FailureReason.fromCode(a.path("reason").asString()),
                    a.path("error_class").asString(), a.path("error_message").asString(), a.path("fingerprint").asString(),
                    Instant.parse(a.path("failed_at").asString())));
        }
        Failure failure = new Failure(FailureReason.fromCode(node.path("reason").asString()), node.path("error_class").asString(),
                node.path("error_message").asString(), node.path("fingerprint").asString(), node.path("handler").asString());
        return new FailureRecord(node.path("consumer").asString(), node.path("event").asString(), node.path("key").asString(),
                node.path("message_id").asString(null), failure, node.path("attempts").asInt(),
                Instant.parse(node.path("failed_at").asString()), history);
    }

    /** This attempt alone as JSON, without history: what a store keeps per failed attempt. */
    String entryJson() {
        return JSON.writeValueAsString(entry());
    }

    private ObjectNode entry() {
        ObjectNode node = JSON.createObjectNode();
        node.put("consumer", consumer);
        node.put("event", event);
        node.put("key", key);
        node.put("message_id", messageId);
        node.put("reason", failure.reason().code());
        node.put("error_class", failure.errorClass());
        node.put("error_message", failure.message());
        node.put("fingerprint", failure.fingerprint());
        node.put("handler", failure.handler());
        node.put("attempts", attempts);
        node.put("failed_at", failedAt.toString());
        return node;
    }
}
