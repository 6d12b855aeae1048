package dev.eventbus.cli.read;

import dev.eventbus.cli.failure.FailureInfo;
import dev.eventbus.cli.failure.WorkerRecords;
import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.MalformedEnvelopeException;
import dev.eventbus.envelope.MessageAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One message read from a DLQ: the SQS message, its envelope when the body is one, and why it failed
 * when the worker said so (its attribute, or the failure record found for it). Immutable.
 */
public final class DeadMessage {

    /** The reason of a dead letter the worker left no reason for: the redrive policy moved it after its last receive. */
    public static final String MAX_RECEIVES = "max_receives";

    private final Message message;
    private final Envelope envelope;
    private final String decodeError;
    private final FailureInfo failure;

    private DeadMessage(Message message, Envelope envelope, String decodeError, FailureInfo failure) {
        this.message = Objects.requireNonNull(message, "message");
        this.envelope = envelope;
        this.decodeError = decodeError;
        this.failure = failure;
    }

    /** Decodes a received message's body and failure attribute. */
    public static DeadMessage of(Message message, EnvelopeCodec codec) {
        Envelope envelope = null;
        String error = null;
        try {
            envelope = codec.decode(message.body());
        } catch (MalformedEnvelopeException e) {
            error = e.reason().code();
        }
        return new DeadMessage(message, envelope, error, WorkerRecords.fromAttributes(message.messageAttributes()).orElse(null));
    }

    /** This message with the failure found in the event's failure record. */
    public DeadMessage withFailure(FailureInfo recorded) {
        return new DeadMessage(message, envelope, decodeError, recorded);
    }

    public Message message() {
        return message;
    }

    public String messageId() {
        return message.messageId();
    }

    public String body() {
        return message.body();
    }

    public Map<String, MessageAttributeValue> attributes() {
        return message.messageAttributes();
    }

    /** The envelope, or {@code null} when the body is not one (see {@link #decodeError()}). */
    public Envelope envelope() {
        return envelope;
    }

    /** {@code malformed_json} or {@code invalid_envelope} when the body is not an envelope, else {@code null}. */
    public String decodeError() {
        return decodeError;
    }

    /** Why it failed, or {@code null} when neither an attribute nor a record says. */
    public FailureInfo failure() {
        return failure;
    }

    /** The failure reason, or {@value #MAX_RECEIVES} when nothing records one. */
    public String reason() {
        return failure != null ? failure.reason() : MAX_RECEIVES;
    }

    /** Where the reason came from: {@code attribute}, {@code record}, or {@code none}. */
    public String reasonSource() {
        return failure == null ? "none" : failure.source().name().toLowerCase(java.util.Locale.ROOT);
    }

    public String fingerprint() {
        return failure == null ? null : blankToNull(failure.fingerprint());
    }

    public String eventId() {
        if (envelope != null && envelope.id() != null) {
            return envelope.id();
        }
        return failure == null ? null : failure.eventId();
    }

    public String eventType() {
        if (envelope != null) {
            return envelope.event();
        }
        return attribute(MessageAttributes.EVENT_TYPE);
    }

    public String eventVersion() {
        if (envelope != null) {
            return envelope.version().toString();
        }
        return attribute(MessageAttributes.EVENT_VERSION);
    }

    /** When SQS accepted the message (for a standard queue's redrive, the original send), or {@code null}. */
    public Instant sentAt() {
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent));
    }

    /** When it failed for the last time when known, else when SQS accepted it: what its age counts from. */
    public Instant deadSince() {
        return failure != null && failure.failedAt() != null ? failure.failedAt() : sentAt();
    }

    public int receiveCount() {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 0 : Integer.parseInt(count);
    }

    /** The queue SQS's redrive policy moved it from, when SQS says ({@code DeadLetterQueueSourceArn}). */
    public String deadLetterSourceArn() {
        return message.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN);
    }

    private String attribute(String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
