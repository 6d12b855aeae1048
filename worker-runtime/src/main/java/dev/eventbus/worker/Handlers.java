package dev.eventbus.worker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The handlers of one worker, by event type and major version. Every minor of a major reaches the
 * same handler. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * Handlers handlers = Handlers.builder()
 *     .on("order.completed", 1, OrderCompleted.class, event -> mailer.confirm(event.payload()))
 *     .build();
 * }</pre>
 */
public final class Handlers {

    private final Map<String, Map<Integer, Registration<?>>> byEvent;

    private Handlers(Map<String, Map<Integer, Registration<?>>> byEvent) {
        Map<String, Map<Integer, Registration<?>>> copy = new LinkedHashMap<>();
        byEvent.forEach((event, majors) -> copy.put(event, Collections.unmodifiableMap(new LinkedHashMap<>(majors))));
        this.byEvent = Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The registration for an event type at a major version, if any. */
    public Optional<Registration<?>> find(String event, int major) {
        Map<Integer, Registration<?>> majors = byEvent.get(event);
        return majors == null ? Optional.empty() : Optional.ofNullable(majors.get(major));
    }

    /** True when at least one major of this event type has a handler. */
    public boolean handles(String event) {
        return byEvent.containsKey(event);
    }

    /** The majors with a handler for an event type, ascending. */
    public Set<Integer> majors(String event) {
        Map<Integer, Registration<?>> majors = byEvent.get(event);
        return majors == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(majors.keySet()));
    }

    /** Event types with a handler, sorted. */
    public Set<String> events() {
        return Collections.unmodifiableSet(new TreeSet<>(byEvent.keySet()));
    }

    /** Collects registrations; one handler per (event type, major). */
    public static final class Builder {
        private final Map<String, Map<Integer, Registration<?>>> byEvent = new LinkedHashMap<>();

        private Builder() {}

        public <T> Builder on(String event, int major, Class<T> payloadType, Handler<T> handler) {
            return register(Registration.of(event, major, payloadType, handler));
        }

        public Builder register(Registration<?> registration) {
            Map<Integer, Registration<?>> majors = byEvent.computeIfAbsent(registration.event(), e -> new LinkedHashMap<>());
            Registration<?> previous = majors.putIfAbsent(registration.major(), registration);
            if (previous != null) {
                throw new IllegalArgumentException("two handlers for " + registration.event() + " v" + registration.major()
                        + ": " + previous.name() + " and " + registration.name());
            }
            return this;
        }

        public Handlers build() {
            if (byEvent.isEmpty()) {
                throw new IllegalStateException("a worker needs at least one handler");
            }
            return new Handlers(byEvent);
        }
    }
}
