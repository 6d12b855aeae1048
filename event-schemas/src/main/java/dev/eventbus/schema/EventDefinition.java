package dev.eventbus.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One event as the catalog declares it: its name, owning team, meaning, channel, the version its
 * publisher currently emits, every version that has a schema, and the consumers subscribed to it.
 *
 * @param name the event name on the wire, e.g. {@code order.completed}
 * @param owner the team or service that publishes it and decides its versions
 * @param description what happened, in one or two sentences
 * @param channel the topic or queue it is sent to
 * @param currentVersion the version publishers emit now; newer versions may exist so consumers can
 *     migrate first
 * @param versions every version with a schema file, ascending
 * @param subscribers the consumers that receive it (exactly one for a queue), sorted
 * @param businessKeyPointers JSON pointers into the payload whose values together identify one
 *     occurrence of the event (the order id of {@code order.completed}); consumers deduplicate messages
 *     that carry no event id on them. Empty when the event declares none; several for a composite key.
 */
public record EventDefinition(
        String name,
        String owner,
        String description,
        Channel channel,
        EventVersion currentVersion,
        List<EventVersion> versions,
        List<String> subscribers,
        List<String> businessKeyPointers) {

    private static final Pattern CONSUMER = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public EventDefinition {
        EventNames.check(name);
        owner = nonBlank(owner, "owner");
        description = nonBlank(description, "description");
        Objects.requireNonNull(channel, name + ": channel");
        Objects.requireNonNull(currentVersion, name + ": currentVersion");
        versions = List.copyOf(Objects.requireNonNull(versions, name + ": versions"));
        subscribers = List.copyOf(Objects.requireNonNull(subscribers, name + ": subscribers"));
        businessKeyPointers = List.copyOf(Objects.requireNonNull(businessKeyPointers, name + ": businessKeyPointers"));
        for (String pointer : businessKeyPointers) {
            if (!pointer.startsWith("/") || pointer.length() == 1 || pointer.contains(" ")) {
                throw new IllegalArgumentException(name + ": business key \"" + pointer
                        + "\" must be a JSON pointer to a payload property, such as /order_id");
            }
        }
        if (new HashSet<>(businessKeyPointers).size() != businessKeyPointers.size()) {
            throw new IllegalArgumentException(name + " lists a business key pointer twice: " + businessKeyPointers);
        }
        if (versions.isEmpty()) {
            throw new IllegalArgumentException(name + " has no schema versions");
        }
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i - 1).compareTo(versions.get(i)) >= 0) {
                throw new IllegalArgumentException(name + ": versions must be ascending and distinct, got " + versions);
            }
        }
        if (!versions.contains(currentVersion)) {
            throw new IllegalArgumentException(name + ": current version " + currentVersion
                    + " has no schema; versions with a schema are " + versions);
        }
        if (subscribers.isEmpty()) {
            throw new IllegalArgumentException(name + " has no subscribers; an event nobody consumes should not be published");
        }
        if (new HashSet<>(subscribers).size() != subscribers.size()) {
            throw new IllegalArgumentException(name + " lists a subscriber twice: " + subscribers);
        }
        for (String subscriber : subscribers) {
            if (!CONSUMER.matcher(subscriber).matches()) {
                throw new IllegalArgumentException(name + ": subscriber \"" + subscriber
                        + "\" must be lowercase letters and digits joined by hyphens, like the consumer names workers use");
            }
        }
        if (!channel.isFanOut() && subscribers.size() != 1) {
            throw new IllegalArgumentException(name + " goes to " + channel + ", which exactly one consumer reads, but lists "
                    + subscribers.size() + " subscribers " + subscribers + "; use a topic to fan out");
        }
    }

    /** An event without a business key. */
    public EventDefinition(String name, String owner, String description, Channel channel, EventVersion currentVersion,
            List<EventVersion> versions, List<String> subscribers) {
        this(name, owner, description, channel, currentVersion, versions, subscribers, List.of());
    }

    /**
     * The business key as the catalog writes it: one JSON pointer ({@code /order_id}), or for a
     * composite key its pointers joined by {@code " + "}; empty when the event declares none. For
     * display; {@link #businessKeyPointers()} has the pointers themselves.
     */
    public Optional<String> businessKey() {
        return businessKeyPointers.isEmpty() ? Optional.empty() : Optional.of(String.join(" + ", businessKeyPointers));
    }

    /** True when {@code consumer} is one of this event's subscribers. */
    public boolean isSubscriber(String consumer) {
        return subscribers.contains(consumer);
    }

    /** The major versions that have schemas, ascending. */
    public List<Integer> majors() {
        List<Integer> majors = new ArrayList<>();
        for (EventVersion v : versions) {
            if (majors.isEmpty() || majors.get(majors.size() - 1) != v.major()) {
                majors.add(v.major());
            }
        }
        return List.copyOf(majors);
    }

    /** The versions of one major, ascending; empty when the catalog has none. */
    public List<EventVersion> versionsOf(int major) {
        return versions.stream().filter(v -> v.major() == major).toList();
    }

    /** The newest minor of {@code major}, or empty when the catalog has no schema of that major. */
    public Optional<EventVersion> newestMinorOf(int major) {
        List<EventVersion> ofMajor = versionsOf(major);
        return ofMajor.isEmpty() ? Optional.empty() : Optional.of(ofMajor.get(ofMajor.size() - 1));
    }

    private String nonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": " + field + " is required");
        }
        return value;
    }
}
