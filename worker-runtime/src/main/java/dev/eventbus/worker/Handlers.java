package dev.eventbus.worker;

import dev.eventbus.schema.EventType;
import dev.eventbus.schema.Upcaster;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The handlers of one worker, by event type and major version, and the upcasters that let a handler
 * of a newer major read messages of an older one. Every minor of a major reaches the same handler.
 * Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * Handlers handlers = Handlers.builder()
 *     .on(Events.ORDER_COMPLETED_V2, event -> mailer.confirm(event.payload()))
 *     .upcasters(Upcasters.all())      // order.completed 1.x messages reach the v2 handler too
 *     .build();
 * }</pre>
 */
public final class Handlers {

    /**
     * How a message of some major reaches a handler: the registration, and the upcasters that convert
     * the payload to its major, in order (empty when the message already is of that major).
     */
    public record Resolution(Registration<?> registration, List<Upcaster> upcasters) {
        public Resolution {
            Objects.requireNonNull(registration, "registration");
            upcasters = List.copyOf(upcasters);
        }
    }

    private record UpcasterKey(String event, int fromMajor) {}

    private final Map<String, Map<Integer, Registration<?>>> byEvent;
    private final Map<UpcasterKey, Upcaster> upcasters;

    private Handlers(Map<String, Map<Integer, Registration<?>>> byEvent, Map<UpcasterKey, Upcaster> upcasters) {
        Map<String, Map<Integer, Registration<?>>> copy = new LinkedHashMap<>();
        byEvent.forEach((event, majors) -> copy.put(event, Collections.unmodifiableMap(new LinkedHashMap<>(majors))));
        this.byEvent = Collections.unmodifiableMap(copy);
        this.upcasters = Map.copyOf(upcasters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The registration for an event type at a major version, if any. */
    public Optional<Registration<?>> find(String event, int major) {
        Map<Integer, Registration<?>> majors = byEvent.get(event);
        return majors == null ? Optional.empty() : Optional.ofNullable(majors.get(major));
    }

    /**
     * How a message of {@code event} at {@code major} reaches a handler: the handler of that major if
     * there is one, else the handler of the nearest newer major that a chain of upcasters reaches.
     * Empty when no handler can read it (there is no downcasting).
     */
    public Optional<Resolution> resolve(String event, int major) {
        Optional<Registration<?>> exact = find(event, major);
        if (exact.isPresent()) {
            return Optional.of(new Resolution(exact.get(), List.of()));
        }
        for (int target : majors(event)) {
            if (target <= major) {
                continue;
            }
            List<Upcaster> chain = new ArrayList<>();
            for (int from = major; from < target; from++) {
                Upcaster step = upcasters.get(new UpcasterKey(event, from));
                if (step == null) {
                    chain = null;
                    break;
                }
                chain.add(step);
            }
            if (chain != null) {
                return Optional.of(new Resolution(find(event, target).orElseThrow(), chain));
            }
        }
        return Optional.empty();
    }

    /** The majors of {@code event} that upcasters convert from, ascending. */
    public Set<Integer> upcastableMajors(String event) {
        Set<Integer> from = new TreeSet<>();
        upcasters.keySet().stream().filter(k -> k.event().equals(event)).forEach(k -> from.add(k.fromMajor()));
        return Collections.unmodifiableSet(from);
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

    /** Collects registrations (one handler per event type and major) and upcasters. */
    public static final class Builder {
        private final Map<String, Map<Integer, Registration<?>>> byEvent = new LinkedHashMap<>();
        private final Map<UpcasterKey, Upcaster> upcasters = new LinkedHashMap<>();

        private Builder() {}

        /** A handler for every minor of {@code type}'s major, receiving its payload record. */
        public <T> Builder on(EventType<T> type, Handler<T> handler) {
            return register(Registration.of(type, handler));
        }

        public <T> Builder on(String event, int major, Class<T> payloadType, Handler<T> handler) {
            return register(Registration.of(event, major, payloadType, handler));
        }

        /** Lets handlers of {@code upcaster.fromMajor() + 1} (and, chained, later majors) read older messages. */
        public Builder upcaster(Upcaster upcaster) {
            Upcaster previous = upcasters.putIfAbsent(new UpcasterKey(upcaster.event(), upcaster.fromMajor()), upcaster);
            if (previous != null) {
                throw new IllegalArgumentException("two upcasters for " + upcaster.event() + " from major " + upcaster.fromMajor());
            }
            return this;
        }

        public Builder upcasters(Collection<? extends Upcaster> upcasters) {
            upcasters.forEach(this::upcaster);
            return this;
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
            return new Handlers(byEvent, upcasters);
        }
    }
}
