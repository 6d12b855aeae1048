package dev.eventbus;

import dev.eventbus.schema.EventType;
import dev.eventbus.schema.EventVersion;
import java.util.Objects;

/**
 * An event to publish: its type and payload, plus the optional context that travels in the envelope.
 *
 * <p>{@code id} is normally left {@code null} and generated at publish time. Set it when retrying a
 * publish whose outcome is unknown, so consumers see the same event id and deduplicate the copy.
 * {@code version} is {@code null} for the version the route (the catalog's current version) names; a
 * typed event ({@link #of(EventType, Object)}) carries its type's version.
 */
public record OutgoingEvent(
        String event,
        EventVersion version,
        Object payload,
        String id,
        String correlationId,
        String causationId,
        String traceparent) {

    public OutgoingEvent {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("event type is required");
        }
        Objects.requireNonNull(payload, "payload");
    }

    /** An event at the version its route names (the catalog's current version). */
    public static OutgoingEvent of(String event, Object payload) {
        return new OutgoingEvent(event, null, payload, null, null, null, null);
    }

    /** A typed event, published at its type's version. */
    public static <T> OutgoingEvent of(EventType<T> type, T payload) {
        return new OutgoingEvent(type.name(), type.version(), payload, null, null, null, null);
    }

    public OutgoingEvent withId(String id) {
        return new OutgoingEvent(event, version, payload, id, correlationId, causationId, traceparent);
    }

    public OutgoingEvent withCorrelationId(String correlationId) {
        return new OutgoingEvent(event, version, payload, id, correlationId, causationId, traceparent);
    }

    /** Marks this event as caused by another one: the causation id is the cause's event id. */
    public OutgoingEvent withCausationId(String causationId) {
        return new OutgoingEvent(event, version, payload, id, correlationId, causationId, traceparent);
    }

    /** W3C trace context of the publishing span. */
    public OutgoingEvent withTraceparent(String traceparent) {
        return new OutgoingEvent(event, version, payload, id, correlationId, causationId, traceparent);
    }
}
