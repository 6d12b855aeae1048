package dev.eventbus.worker;

import dev.eventbus.schema.EventType;
import java.util.Objects;
import java.util.function.Function;

/**
 * A handler bound to one event type at one major version, with the Java type its payload maps to.
 *
 * <p>{@code name} identifies the handler in logs, metrics and DLQ attributes.
 *
 * <p>How its events are deduplicated: by the producer's event id; for messages without one (the
 * monolith's older format), by the business key the event catalog declares for the event (e.g.
 * {@code /order_id}), when the worker has the catalog; last, by the SQS message id. {@code businessKey}
 * ({@link #keyedBy}), when set, replaces all of these with a key of the handler's own, for every
 * message. Under a business key a repeat with a different payload (a resend carrying a newer
 * timestamp, say) is a duplicate; {@code comparesPayloads} ({@link #comparingPayloads()}) makes it a
 * dead letter ({@code id_reused}) instead, as it always is under an event id.
 */
public record Registration<T>(
        String event,
        int major,
        Class<T> payloadType,
        Handler<T> handler,
        String name,
        Function<T, String> businessKey,
        boolean comparesPayloads) {

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
        return new Registration<>(event, major, payloadType, handler, null, null, false);
    }

    /** A registration for every minor of {@code type}'s major, receiving its payload record. */
    public static <T> Registration<T> of(EventType<T> type, Handler<T> handler) {
        return of(type.name(), type.major(), type.payloadType(), handler);
    }

    public Registration<T> named(String name) {
        return new Registration<>(event, major, payloadType, handler, name, businessKey, comparesPayloads);
    }

    /** Deduplicates every message of this registration on the key {@code businessKey} extracts from its payload. */
    public Registration<T> keyedBy(Function<T, String> businessKey) {
        return new Registration<>(event, major, payloadType, handler, name, businessKey, comparesPayloads);
    }

    /**
     * Dead-letters ({@code id_reused}) a message whose business key was handled before with a different
     * payload, instead of acking it as a duplicate.
     */
    public Registration<T> comparingPayloads() {
        return new Registration<>(event, major, payloadType, handler, name, businessKey, true);
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
