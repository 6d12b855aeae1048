package dev.eventbus.schema;

import java.util.Objects;

/**
 * A typed handle on one major version of an event: its name, the newest minor of that major, and the
 * Java type its payload maps onto. Publishers send {@link #version()}; handlers registered for
 * {@link #major()} receive every minor of it. Immutable.
 *
 * @param <T> the payload type, a record with one component per schema property
 */
public final class EventType<T> {

    private final String name;
    private final EventVersion version;
    private final Class<T> payloadType;

    private EventType(String name, EventVersion version, Class<T> payloadType) {
        this.name = EventNames.check(name);
        this.version = Objects.requireNonNull(version, "version");
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    }

    /**
     * Creates the handle for {@code name} at {@code version} ({@code "MAJOR.MINOR"}, the newest minor of
     * its major).
     *
     * @throws IllegalArgumentException if the name or version is malformed
     */
    public static <T> EventType<T> of(String name, String version, Class<T> type) {
        return new EventType<>(name, EventVersion.parse(version), type);
    }

    public String name() {
        return name;
    }

    /** The newest minor of this major, the version publishers of this type emit. */
    public EventVersion version() {
        return version;
    }

    public int major() {
        return version.major();
    }

    public Class<T> payloadType() {
        return payloadType;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventType<?> other
                && name.equals(other.name)
                && version.equals(other.version)
                && payloadType.equals(other.payloadType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, payloadType);
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + payloadType.getSimpleName() + ")";
    }
}
