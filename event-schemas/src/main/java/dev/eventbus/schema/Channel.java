package dev.eventbus.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an event goes, by logical name: an SNS topic when several services hear it (fan-out), or one
 * SQS queue when exactly one consumer needs it (point-to-point). Logical names are lowercase words
 * joined by hyphens ({@code order-events}); deployment turns them into ARNs and queue URLs.
 */
public record Channel(Kind kind, String name) {

    /** How many consumers a channel feeds. */
    public enum Kind {
        /** An SNS topic: every subscribed queue gets its own copy. */
        TOPIC,
        /** One SQS queue, read by exactly one consumer. */
        QUEUE
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_NAME_LENGTH = 80;

    public Channel {
        Objects.requireNonNull(kind, "kind");
        if (name == null || !NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("channel name \"" + name
                    + "\" must be lowercase letters and digits joined by single hyphens, at most "
                    + MAX_NAME_LENGTH + " characters (e.g. order-events)");
        }
    }

    public static Channel topic(String name) {
        return new Channel(Kind.TOPIC, name);
    }

    public static Channel queue(String name) {
        return new Channel(Kind.QUEUE, name);
    }

    /** True for a topic, whose every subscriber gets a copy. */
    public boolean isFanOut() {
        return kind == Kind.TOPIC;
    }

    @Override
    public String toString() {
        return (kind == Kind.TOPIC ? "topic " : "queue ") + name;
    }
}
