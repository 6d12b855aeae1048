package dev.eventbus.worker;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.worker.dedupe.Steps;
import java.time.Instant;

/**
 * An event as its handler sees it: the envelope's facts, the payload mapped to the handler's type, and
 * where the message stands in SQS (its message id and receive count).
 */
public final class Event<T> {

    /** One side effect of a handler, guarded by {@link #once(String, Step)}. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

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

    /**
     * Runs one side effect of this handler at most once per event: if an earlier attempt completed the
     * step {@code name} (and then failed at a later step), it is skipped. A handler with several side
     * effects guards each, so a retry after a partial failure repeats none that completed:
     *
     * <pre>{@code
     * event.once("send-email", () -> mailer.send(confirmation));
     * event.once("post-webhook", () -> webhooks.post(payload));
     * }</pre>
     *
     * <p>Without a dedupe store ({@code DedupeStore.none()}) every step runs on every attempt.
     */
    public void once(String name, Step action) throws Exception {
        Steps steps = delivery.tag(Steps.class);
        if (steps == null) {
            action.run();
        } else {
            steps.once(name, action);
        }
    }

    @Override
    public String toString() {
        return "Event[" + type() + " " + version() + ", id=" + id() + ", message_id=" + messageId() + "]";
    }
}
