package dev.eventbus.worker;

import java.util.Objects;
import java.util.function.Function;

/**
 * A handler bound to one event type at one major version, with the Java type its payload maps to.
 *
 * <p>{@code name} identifies the handler in logs, metrics and DLQ attributes. {@code businessKey}, when
 * set, extracts the key the worker deduplicates on for messages without an event id (the monolith's
 * older format), e.g. the order id.
 */
public record Registration<T>(
        String event, int major, Class<T> payloadType, Handler<T> handler, String name, Function<T, String> businessKey) {

    public Registration {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("event type is required");
        }
        if (major < 1) {
            throw new IllegalArgumentException("major version must be >= 1, was " + major);
        }
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(handler, "handler");
        if (name == null || name.isBlank()) {
            name = event + ".v" + major;
        }
    }

    public static <T> Registration<T> of(String event, int major, Class<T> payloadType, Handler<T> handler) {
        return new Registration<>(event, major, payloadType, handler, null, null);
    }

    public Registration<T> named(String name) {
        return new Registration<>(event, major, payloadType, handler, name, businessKey);
    }

    public Registration<T> keyedBy(Function<T, String> businessKey) {
        return new Registration<>(event, major, payloadType, handler, name, businessKey);
    }

    /** The business key of a payload of this registration's type, or {@code null} if none is declared. */
    public String businessKeyOf(Object payload) {
        if (businessKey == null) {
            return null;
        }
        String key = businessKey.apply(payloadType.cast(payload));
        return key == null || key.isBlank() ? null : key;
    }
}
