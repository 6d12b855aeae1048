package dev.eventbus.routing;

import dev.eventbus.schema.Channel;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.schema.EventVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The routing table: event type to {@link Route}. Immutable and thread-safe. */
public final class Routes {

    private final Map<String, Route> byEvent;

    private Routes(Map<String, Route> byEvent) {
        this.byEvent = Collections.unmodifiableMap(new LinkedHashMap<>(byEvent));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The routes the catalog implies: each event goes to its channel at the catalog's current version.
     * The catalog names channels logically ({@code order-events}); {@code topicArns} and
     * {@code queueUrls} say where each lives in this deployment. Events whose channel has no address
     * here get no route (this application does not publish them).
     *
     * @throws IllegalArgumentException if an address is given for a channel the catalog does not have
     */
    public static Routes fromCatalog(EventCatalog catalog, Map<String, String> topicArns, Map<String, String> queueUrls) {
        Set<String> topics = new TreeSet<>();
        Set<String> queues = new TreeSet<>();
        Builder routes = builder();
        for (EventDefinition event : catalog.events()) {
            Channel channel = event.channel();
            boolean topic = channel.kind() == Channel.Kind.TOPIC;
            (topic ? topics : queues).add(channel.name());
            String address = (topic ? topicArns : queueUrls).get(channel.name());
            if (address != null) {
                Destination destination = topic ? new Destination.Topic(address) : new Destination.Queue(address);
                routes.route(new Route(event.name(), destination, event.currentVersion()));
            }
        }
        requireKnown(topicArns.keySet(), topics, "topic");
        requireKnown(queueUrls.keySet(), queues, "queue");
        return routes.build();
    }

    private static void requireKnown(Set<String> given, Set<String> known, String kind) {
        for (String name : given) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("\"" + name + "\" is not a " + kind + " of any event in the catalog; its "
                        + kind + "s are " + known);
            }
        }
    }

    public Optional<Route> routeFor(String event) {
        return Optional.ofNullable(byEvent.get(event));
    }

    /** Event types with a route, sorted. */
    public Set<String> events() {
        return Collections.unmodifiableSet(new TreeSet<>(byEvent.keySet()));
    }

    @Override
    public String toString() {
        return "Routes" + byEvent.values();
    }

    /** Collects routes; an event type may be routed once. */
    public static final class Builder {
        private final Map<String, Route> byEvent = new LinkedHashMap<>();

        private Builder() {}

        /** Fan-out: publishes {@code event} at {@code version} to the SNS topic {@code topicArn}. */
        public Builder topic(String event, String version, String topicArn) {
            return route(new Route(event, new Destination.Topic(topicArn), EventVersion.parse(version)));
        }

        /** Point-to-point: publishes {@code event} at {@code version} to the SQS queue {@code queueUrl}. */
        public Builder queue(String event, String version, String queueUrl) {
            return route(new Route(event, new Destination.Queue(queueUrl), EventVersion.parse(version)));
        }

        public Builder route(Route route) {
            Route previous = byEvent.putIfAbsent(route.event(), route);
            if (previous != null) {
                throw new IllegalArgumentException("event type \"" + route.event() + "\" is routed twice: to "
                        + previous.destination() + " and to " + route.destination());
            }
            return this;
        }

        public Routes build() {
            return new Routes(byEvent);
        }
    }
}
