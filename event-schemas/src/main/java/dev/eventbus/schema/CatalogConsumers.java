package dev.eventbus.schema;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reads the catalog's {@code "consumers"} section and checks it against the events: every subscriber
 * has settings, every consumer with settings subscribes to something, the subscriber of a
 * point-to-point event reads that event's queue, and no two consumers share a queue.
 */
final class CatalogConsumers {

    static final String SECTION = "consumers";

    private static final String QUEUE = "queue";
    private static final String MAX_RECEIVE_COUNT = "max_receive_count";
    private static final String VISIBILITY = "visibility_timeout_seconds";
    private static final String RETENTION = "message_retention_seconds";
    private static final String DLQ_RETENTION = "dlq_retention_seconds";
    private static final String HANDLER_TIMEOUT = "handler_timeout_seconds";
    private static final Set<String> KEYS =
            Set.of(QUEUE, MAX_RECEIVE_COUNT, VISIBILITY, RETENTION, DLQ_RETENTION, HANDLER_TIMEOUT);
    private static final String EXAMPLE = "{\"" + MAX_RECEIVE_COUNT + "\": 3, \"" + VISIBILITY + "\": 30, \"" + RETENTION
            + "\": 86400, \"" + DLQ_RETENTION + "\": 1209600, \"" + HANDLER_TIMEOUT + "\": 20}";

    private CatalogConsumers() {}

    /**
     * The consumers declared in {@code section} (null when the catalog has none), by name; adds every
     * problem, prefixed with {@code catalogName}, to {@code problems}.
     */
    static Map<String, ConsumerSettings> read(
            JsonNode section, String catalogName, Collection<EventDefinition> events, List<String> problems) {
        Map<String, ConsumerSettings> consumers = new TreeMap<>();
        if (section != null && !section.isObject()) {
            problems.add(catalogName + ": \"" + SECTION + "\" is an object of settings by consumer name, e.g. {\"notifications\": "
                    + EXAMPLE + "}");
            return consumers;
        }
        Set<String> declared = new TreeSet<>();
        if (section != null) {
            for (Map.Entry<String, JsonNode> entry : section.properties()) {
                declared.add(entry.getKey());
                try {
                    consumers.put(entry.getKey(), settings(entry.getKey(), entry.getValue()));
                } catch (IllegalArgumentException e) {
                    problems.add(catalogName + ": " + e.getMessage());
                }
            }
        }
        Set<String> subscribed = new TreeSet<>();
        for (EventDefinition event : events) {
            for (String subscriber : event.subscribers()) {
                subscribed.add(subscriber);
                if (!declared.contains(subscriber)) {
                    problems.add(catalogName + ": " + event.name() + " lists subscriber \"" + subscriber + "\" but \"" + SECTION
                            + "\" has no entry for it; add \"" + subscriber + "\": " + EXAMPLE
                            + " (its queue, DLQ and alarms are made from these)");
                }
            }
            ConsumerSettings reader = event.channel().isFanOut() ? null : consumers.get(event.subscribers().get(0));
            if (reader != null && !reader.queue().equals(event.channel().name())) {
                problems.add(catalogName + ": " + event.name() + " goes to " + event.channel() + ", which its subscriber \""
                        + reader.name() + "\" must read, but " + SECTION + "." + reader.name() + ".queue is \""
                        + reader.queue() + "\"; set it to \"" + event.channel().name() + "\"");
            }
        }
        for (String name : declared) {
            if (!subscribed.contains(name)) {
                problems.add(catalogName + ": " + SECTION + "." + name + " subscribes to no event; add it to an event's"
                        + " subscribers or remove its entry");
            }
        }
        Map<String, String> queueReaders = new TreeMap<>();
        for (ConsumerSettings consumer : consumers.values()) {
            String other = queueReaders.putIfAbsent(consumer.queue(), consumer.name());
            if (other != null) {
                problems.add(catalogName + ": " + SECTION + "." + other + " and " + SECTION + "." + consumer.name()
                        + " both read queue \"" + consumer.queue() + "\"; each consumer has a queue of its own");
            }
        }
        return consumers;
    }

    private static ConsumerSettings settings(String name, JsonNode entry) {
        String where = SECTION + "." + name;
        if (!entry.isObject()) {
            throw new IllegalArgumentException(where + " must be an object like " + EXAMPLE);
        }
        for (String key : entry.propertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\"; allowed keys are " + new TreeSet<>(KEYS));
            }
        }
        JsonNode queue = entry.get(QUEUE);
        if (queue != null && !queue.isString()) {
            throw new IllegalArgumentException(where + ".queue must be a queue name");
        }
        return new ConsumerSettings(name, queue == null ? name : queue.asString(),
                Math.toIntExact(whole(entry, where, MAX_RECEIVE_COUNT)),
                seconds(entry, where, VISIBILITY),
                seconds(entry, where, RETENTION),
                seconds(entry, where, DLQ_RETENTION),
                seconds(entry, where, HANDLER_TIMEOUT));
    }

    private static Duration seconds(JsonNode entry, String where, String key) {
        return Duration.ofSeconds(whole(entry, where, key));
    }

    private static long whole(JsonNode entry, String where, String key) {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + ": " + key + " is required (a whole number)");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a whole number, not " + value);
        }
        return value.asLong();
    }
}
