package dev.eventbus.worker;

import dev.eventbus.envelope.MessageAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Why a worker sent a message to the DLQ: the failure, where and when it happened, and which event it
 * was. A dead-lettered message carries it as one message attribute, {@value #FAILURE_ATTRIBUTE}, holding
 * {@link #toJson() compact JSON}, beside the body (byte for byte the original) and every attribute the
 * original carried; {@link #fromAttributes} reads it back, so tools never parse it themselves.
 *
 * <p>A message the queue's redrive policy moved to the DLQ after maxReceiveCount receives carries no
 * failure attribute; its failures are in the dedupe store's failure record.
 *
 * @param reason why, as the {@code reason} code ({@link FailureReason#code()})
 * @param errorClass the exception's class, or empty for failures the worker found itself
 * @param errorMessage the failure's short message; never text copied from the body
 * @param fingerprint groups dead letters with the same cause
 * @param handler the handler that failed, or empty if none ran
 * @param consumer the consumer (worker) that dead-lettered it
 * @param attempts the message's receive count when it was dead-lettered
 * @param sourceMessageId the SQS message id on the source queue
 * @param sourceQueue the URL of the queue it was received from
 * @param eventId the envelope's event id, or {@code null} (no id, or not an envelope)
 * @param dedupeKey the key part the worker deduplicated the event on ({@code id:...}), or {@code null}
 * @param droppedAttributes names of original attributes left out to stay within SQS's 10 attributes
 */
public record DeadLetter(
        FailureReason reason,
        String errorClass,
        String errorMessage,
        String fingerprint,
        String handler,
        String consumer,
        int attempts,
        Instant failedAt,
        String sourceMessageId,
        String sourceQueue,
        String eventId,
        String dedupeKey,
        List<String> droppedAttributes) {

    /** The message attribute holding the failure as JSON. */
    public static final String FAILURE_ATTRIBUTE = "eventbus.failure";
    /** The version of the JSON layout, its {@code v} field. */
    public static final int VERSION = 1;
    /** SQS's limit of message attributes per message. */
    public static final int MAX_ATTRIBUTES = 10;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Attributes kept first when a message has more than SQS allows. */
    private static final List<String> KEPT_FIRST = List.of(MessageAttributes.EVENT_TYPE, MessageAttributes.EVENT_VERSION,
            MessageAttributes.TRACEPARENT);

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        errorClass = Objects.requireNonNullElse(errorClass, "");
        errorMessage = Objects.requireNonNullElse(errorMessage, "");
        fingerprint = Objects.requireNonNullElse(fingerprint, "");
        handler = Objects.requireNonNullElse(handler, "");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(failedAt, "failedAt");
        droppedAttributes = List.copyOf(droppedAttributes);
    }

    /** The dead letter of {@code failure}, before any attribute was dropped. */
    public static DeadLetter of(Failure failure, String consumer, int attempts, Instant failedAt, String sourceMessageId,
            String sourceQueue, String eventId, String dedupeKey) {
        return new DeadLetter(failure.reason(), failure.errorClass(), failure.message(), failure.fingerprint(), failure.handler(),
                consumer, attempts, failedAt, sourceMessageId, sourceQueue, eventId, dedupeKey, List.of());
    }

    /** The failure this dead letter records. */
    public Failure failure() {
        return new Failure(reason, errorClass, errorMessage, fingerprint, handler);
    }

    /**
     * The dead letter a message carries, if a worker sent it to the DLQ.
     *
     * @throws IllegalArgumentException if the attribute is there but is not a dead letter's JSON
     */
    public static Optional<DeadLetter> fromAttributes(Map<String, MessageAttributeValue> attributes) {
        MessageAttributeValue value = attributes.get(FAILURE_ATTRIBUTE);
        if (value == null || value.stringValue() == null) {
            return Optional.empty();
        }
        return Optional.of(fromJson(value.stringValue()));
    }

    /**
     * Reads {@link #toJson()}'s output; fields it does not know are ignored.
     *
     * @throws IllegalArgumentException if the text is not a dead letter's JSON
     */
    public static DeadLetter fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(FAILURE_ATTRIBUTE + " is not JSON", e);
        }
        if (!node.isObject() || !node.path("reason").isString() || !node.path("failed_at").isString()) {
            throw new IllegalArgumentException(FAILURE_ATTRIBUTE + " lacks \"reason\" or \"failed_at\"");
        }
        List<String> dropped = new ArrayList<>();
        node.path("dropped_attributes").values().forEach(n -> dropped.add(n.asString()));
        return new DeadLetter(FailureReason.fromCode(node.get("reason").asString()), text(node, "error_class"),
                text(node, "error_message"), text(node, "fingerprint"), text(node, "handler"), text(node, "consumer"),
                node.path("attempts").asInt(), Instant.parse(node.get("failed_at").asString()), text(node, "source_message_id"),
                text(node, "source_queue"), text(node, "event_id"), text(node, "dedupe_key"), dropped);
    }

    /**
     * Compact JSON with stable snake_case names: {@code v}, {@code reason}, {@code error_class},
     * {@code error_message}, {@code fingerprint}, {@code handler}, {@code consumer}, {@code attempts},
     * {@code failed_at}, {@code source_message_id}, {@code source_queue}, {@code event_id},
     * {@code dedupe_key}, {@code dropped_attributes}; absent values are {@code null}.
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("reason", reason.code());
        node.put("error_class", errorClass);
        node.put("error_message", errorMessage);
        node.put("fingerprint", fingerprint);
        node.put("handler", handler);
        node.put("consumer", consumer);
        node.put("attempts", attempts);
        node.put("failed_at", failedAt.toString());
        node.put("source_message_id", sourceMessageId);
        node.put("source_queue", sourceQueue);
        node.put("event_id", eventId);
        node.put("dedupe_key", dedupeKey);
        droppedAttributes.forEach(node.putArray("dropped_attributes")::add);
        return JSON.writeValueAsString(node);
    }

    /**
     * The attributes of the dead-lettered copy of a message that carried {@code original}: every
     * original attribute except an earlier {@value #FAILURE_ATTRIBUTE}, {@code EventType} and
     * {@code EventVersion} when they are known ({@code null} otherwise) and the original lacks them, and
     * this dead letter. When that makes more than {@value #MAX_ATTRIBUTES}, {@code EventType},
     * {@code EventVersion}, {@code traceparent} and the failure are kept first, then the others in the
     * order of their names, and the original attributes left out are named in the failure's
     * {@code dropped_attributes}.
     */
    public Map<String, MessageAttributeValue> messageAttributes(Map<String, MessageAttributeValue> original, String eventType,
            String eventVersion) {
        Map<String, MessageAttributeValue> candidates = new LinkedHashMap<>();
        original.forEach((name, value) -> {
            if (!FAILURE_ATTRIBUTE.equals(name)) {
                candidates.put(name, value);
            }
        });
        putIfAbsent(candidates, MessageAttributes.EVENT_TYPE, eventType);
        putIfAbsent(candidates, MessageAttributes.EVENT_VERSION, eventVersion);
        Map<String, MessageAttributeValue> kept = new LinkedHashMap<>();
        for (String name : KEPT_FIRST) {
            MessageAttributeValue value = candidates.remove(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, MessageAttributeValue> entry : new java.util.TreeMap<>(candidates).entrySet()) {
            if (kept.size() < MAX_ATTRIBUTES - 1) {
                kept.put(entry.getKey(), entry.getValue());
            } else {
                dropped.add(entry.getKey());
            }
        }
        DeadLetter withDropped = new DeadLetter(reason, errorClass, errorMessage, fingerprint, handler, consumer, attempts, failedAt,
                sourceMessageId, sourceQueue, eventId, dedupeKey, dropped);
        kept.put(FAILURE_ATTRIBUTE, string(withDropped.toJson()));
        return kept;
    }

    private static void putIfAbsent(Map<String, MessageAttributeValue> attributes, String name, String value) {
        if (value != null && !value.isBlank() && !attributes.containsKey(name)) {
            attributes.put(name, string(value));
        }
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
