package dev.eventbus.worker.dedupe;

import dev.eventbus.worker.Failure;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last failure of an event at one consumer, kept in the dedupe store (with a TTL as long as the
 * DLQ's retention) so that when the queue's redrive policy moves a message to the DLQ after its last
 * attempt, which carries no reason, on-call can still find out why by event id.
 */
public record FailureRecord(
        String consumer, String event, String key, String messageId, Failure failure, int attempts, Instant failedAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public FailureRecord {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(failedAt, "failedAt");
    }

    public String reason() {
        return failure.reason().code();
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("consumer", consumer);
        node.put("event", event);
        node.put("key", key);
        node.put("message_id", messageId);
        node.put("reason", failure.reason().name());
        node.put("error_class", failure.errorClass());
        node.put("error_message", failure.message());
        node.put("fingerprint", failure.fingerprint());
        node.put("handler", failure.handler());
        node.put("attempts", attempts);
        node.put("failed_at", failedAt.toString());
        return JSON.writeValueAsString(node);
    }

    static FailureRecord fromJson(String json) {
        JsonNode node = JSON.readTree(json);
        Failure failure = new Failure(dev.eventbus.worker.FailureReason.valueOf(node.path("reason").asString()),
                node.path("error_class").asString(), node.path("error_message").asString(), node.path("fingerprint").asString(),
                node.path("handler").asString());
        return new FailureRecord(node.path("consumer").asString(), node.path("event").asString(), node.path("key").asString(),
                node.path("message_id").asString(null), failure, node.path("attempts").asInt(), Instant.parse(node.path("failed_at").asString()));
    }
}
