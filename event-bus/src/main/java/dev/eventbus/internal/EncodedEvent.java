package dev.eventbus.internal;

import dev.eventbus.routing.Destination;
import dev.eventbus.schema.EventVersion;
import java.util.Objects;

/**
 * An event routed, validated, given its id and encoded: the exact message body {@link dev.eventbus.EventBus}
 * sends, where it goes, and what its message attributes are made of ({@code event}, {@code version},
 * {@code traceparent}). What an outbox row holds.
 */
public record EncodedEvent(String eventId, String event, EventVersion version, Destination destination, String body,
        String traceparent) {

    public EncodedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(body, "body");
    }
}
