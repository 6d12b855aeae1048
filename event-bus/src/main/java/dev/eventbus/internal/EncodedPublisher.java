package dev.eventbus.internal;

import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One {@link EventBus}'s encoding and batch sending, split in two so that an event can be encoded inside
 * a database transaction and sent later, byte for byte. Thread-safe.
 */
public interface EncodedPublisher {

    /**
     * Routes, validates, gives its id to, encodes and size-checks an event, sending nothing. Throws what
     * {@link EventBus#publish(OutgoingEvent)} throws before sending.
     */
    EncodedEvent encode(OutgoingEvent event);

    /**
     * Sends events encoded earlier with PublishBatch/SendMessageBatch, as {@link EventBus#publishAll} does
     * (entries refused are retried once). Never throws for a refusal or a failed request: returns one
     * outcome per event, in the order given.
     */
    List<SendOutcome> sendAll(List<EncodedEvent> events);

    /** The encoding and sending of {@code bus}. */
    static EncodedPublisher of(EventBus bus) {
        Objects.requireNonNull(bus, "bus");
        return Access.get().apply(bus);
    }

    /** How {@link EventBus} hands out its publisher without a public method of its own; only it installs one. */
    final class Access {
        private static Function<EventBus, EncodedPublisher> access;

        private Access() {}

        /** Called once, by {@link EventBus}'s static initialiser. */
        public static synchronized void install(Function<EventBus, EncodedPublisher> publisherOf) {
            if (access != null) {
                throw new IllegalStateException("EncodedPublisher access is installed by EventBus alone, once");
            }
            access = Objects.requireNonNull(publisherOf, "publisherOf");
        }

        private static synchronized Function<EventBus, EncodedPublisher> get() {
            // An EventBus instance exists, so its class, whose initialiser installs the access, is initialised.
            return access;
        }
    }
}
