package dev.eventbus.worker;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.schema.EventVersion;
import java.time.Instant;

/**
 * An event as its handler sees it: the envelope's facts, the payload mapped to the handler's type, and
 * where the message stands in SQS (its message id and receive count).
 */
public final class Event<T> {

    private final Envelope envelope;
    private final T payload;
    private final Delivery delivery;

    public Event(Envelope envelope, T payload, Delivery delivery) {
        this.envelope = envelope;
        this.payload = payload;
        this.delivery = delivery;
    }

    /** The producer's event id; {@code null} for messages in the monolith's older format. */
    public String id() {
        return envelope.id();
    }

    public String type() {
        return envelope.event();
    }

    /** The version the message was published at (before any upcasting to the handler's major). */
    public EventVersion version() {
        return envelope.version();
    }

    /** When the event happened, as the publisher stated it. */
    public Instant timestamp() {
        return envelope.timestamp();
    }

    public String source() {
        return envelope.source();
    }

    public String correlationId() {
        return envelope.correlationId();
    }

    public String causationId() {
        return envelope.causationId();
    }

    public String traceparent() {
        return envelope.traceparent();
    }

    public T payload() {
        return payload;
    }

    public String messageId() {
        return delivery.messageId();
    }

    /** 1 on the first delivery; more when this is a retry (or a redelivered duplicate). */
    public int receiveCount() {
        return delivery.receiveCount();
    }

    @Override
    public String toString() {
        return "Event[" + type() + " " + version() + ", id=" + id() + ", message_id=" + messageId() + "]";
    }
}
