package dev.eventbus.routing;

import dev.eventbus.schema.EventVersion;
import java.util.Objects;

/** Where one event type is sent, and the schema version the publisher currently emits for it. */
public record Route(String event, Destination destination, EventVersion version) {

    public Route {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("event type is required");
        }
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(version, "version");
    }
}
