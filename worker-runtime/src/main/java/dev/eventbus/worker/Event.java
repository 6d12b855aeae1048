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
     * Runs one side effect of this handler once per event: if an attempt completed the step
     * {@code name} (and then failed at a later step), it is skipped. A handler with several side effects
     * guards each, so a retry after a partial failure repeats none that completed:
     *
     * <pre>{@code
     * event.once("send-email", () -> mailer.send(confirmation));
     * event.once("post-webhook", () -> webhooks.post(payload));
     * }</pre>
     *
     * <p>A completed step is never repeated because its marker could not be written: when the dedupe
     * store refuses the marker after the step ran, the worker keeps the message (its visibility extended)
     * and writes the marker as soon as the store takes writes again, before the event is retried or
     * anyone else may claim it. If the store cannot say whether the step ran, this method throws
     * {@code DedupeUnavailableException} without running it, and the worker runs the handler again once
     * the store answers (completed steps are skipped).
     *
     * <p>What remains is a crash of the worker process between the side effect and its marker (kill -9,
     * the machine lost): the next attempt does not know the step happened and runs it again. Close that
     * window at the receiver with an idempotency key derived from the event, so the repeat is a no-op
     * there: a {@code webhook-id} header the receiver deduplicates on, an email {@code Message-ID} built
     * from {@link #id()} and the step, {@code INSERT ... ON CONFLICT DO NOTHING} on a key holding the
     * event id.
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
