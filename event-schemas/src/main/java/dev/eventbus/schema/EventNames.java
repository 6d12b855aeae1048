package dev.eventbus.schema;

import java.util.regex.Pattern;

/** The shape of event names: lowercase dotted words, e.g. {@code order.completed}. */
final class EventNames {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    private EventNames() {}

    /**
     * Returns {@code name} when it is a valid event name.
     *
     * @throws IllegalArgumentException saying what a valid name looks like
     */
    static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("event name \"" + name
                    + "\" must be lowercase dotted words such as order.completed or subscription.activation_failed");
        }
        return name;
    }
}
