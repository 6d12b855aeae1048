package dev.eventbus.worker;

import dev.eventbus.envelope.Envelope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One received SQS message on its way through the chain: what SQS said about it and, once the decode
 * step has run, the envelope, the handler registration it is routed to, and the payload mapped for that
 * handler. Immutable; interceptors enrich it with the {@code with}-methods and pass the copy on.
 */
public final class Delivery {

    private final String queueUrl;
    private final String messageId;
    private final String receiptHandle;
    private final String body;
    private final int receiveCount;
    private final Instant sentAt;
    private final Instant receivedAt;
    private final Map<String, String> attributes;
    private final Map<String, MessageAttributeValue> messageAttributes;
    private final Envelope envelope;
    private final Registration<?> registration;
    private final Object payload;
    /** Attached values, newest first; a delivery carries a handful, so a list beats a map. */
    private final Tag tags;

    private record Tag(Class<?> type, Object value, Tag next) {}

    private Delivery(String queueUrl, String messageId, String receiptHandle, String body, int receiveCount,
            Instant sentAt, Instant receivedAt, Map<String, String> attributes, Map<String, MessageAttributeValue> messageAttributes,
            Envelope envelope, Registration<?> registration, Object payload, Tag tags) {
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.receiptHandle = Objects.requireNonNull(receiptHandle, "receiptHandle");
        this.body = body == null ? "" : body;
        this.receiveCount = receiveCount;
        this.sentAt = sentAt;
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.attributes = Map.copyOf(attributes);
        this.messageAttributes = messageAttributes;
        this.envelope = envelope;
        this.registration = registration;
        this.payload = payload;
        this.tags = tags;
    }

    /** A delivery for a message just received from {@code queueUrl}. */
    public static Delivery of(String queueUrl, Message message, Instant receivedAt) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        Map<MessageSystemAttributeName, String> system = message.attributes();
        String count = system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return new Delivery(queueUrl, message.messageId(), message.receiptHandle(), message.body(),
                count == null ? 1 : Integer.parseInt(count),
                sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
                receivedAt, attributes, message.messageAttributes(), null, null, null, null);
    }

    /** This delivery, decoded and routed to a handler registration with its payload mapped. */
    public Delivery decoded(Envelope envelope, Registration<?> registration, Object payload) {
        return new Delivery(queueUrl, messageId, receiptHandle, body, receiveCount, sentAt, receivedAt, attributes, messageAttributes,
                Objects.requireNonNull(envelope, "envelope"), Objects.requireNonNull(registration, "registration"),
                Objects.requireNonNull(payload, "payload"), tags);
    }

    /**
     * This delivery with a value attached under its type, for interceptors further in (the dedupe step
     * attaches its claim, which the heartbeat extends and {@link Event#once} uses).
     */
    public <T> Delivery withTag(Class<T> type, T value) {
        return new Delivery(queueUrl, messageId, receiptHandle, body, receiveCount, sentAt, receivedAt, attributes, messageAttributes,
                envelope, registration, payload, new Tag(Objects.requireNonNull(type, "type"), Objects.requireNonNull(value, "value"), tags));
    }

    /** The value attached under {@code type}, or {@code null}. */
    public <T> T tag(Class<T> type) {
        for (Tag t = tags; t != null; t = t.next()) {
            if (t.type() == type) {
                return type.cast(t.value());
            }
        }
        return null;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String messageId() {
        return messageId;
    }

    public String receiptHandle() {
        return receiptHandle;
    }

    /** The raw body. Never log it: it carries the payload, which may hold personal data. */
    public String body() {
        return body;
    }

    /** SQS's ApproximateReceiveCount: 1 on the first delivery. */
    public int receiveCount() {
        return receiveCount;
    }

    /** When SQS accepted the message, or {@code null} if it did not say. */
    public Instant sentAt() {
        return sentAt;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** String message attributes (EventType, EventVersion, traceparent, ...). */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** Every message attribute as SQS delivered it (String, Number and Binary), in the SDK's own type. */
    public Map<String, MessageAttributeValue> messageAttributes() {
        return messageAttributes;
    }

    public boolean isDecoded() {
        return envelope != null;
    }

    /** The decoded envelope; {@code null} before the decode step. */
    public Envelope envelope() {
        return envelope;
    }

    /** The handler registration this delivery is routed to; {@code null} before the decode step. */
    public Registration<?> registration() {
        return registration;
    }

    /** The payload mapped to the handler's type (after any upcasting); {@code null} before the decode step. */
    public Object payload() {
        return payload;
    }

    /** The envelope's event type when decoded, else the EventType attribute, else {@code "unknown"}. */
    public String eventType() {
        if (envelope != null) {
            return envelope.event();
        }
        return attributes.getOrDefault(dev.eventbus.envelope.MessageAttributes.EVENT_TYPE, "unknown");
    }

    @Override
    public String toString() {
        return "Delivery[message_id=" + messageId + ", receive_count=" + receiveCount
                + (envelope == null ? "" : ", event=" + envelope.event() + " " + envelope.version() + ", id=" + envelope.id())
                + "]";
    }
}
