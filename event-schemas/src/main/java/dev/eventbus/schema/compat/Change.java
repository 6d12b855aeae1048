package dev.eventbus.schema.compat;

import java.util.Objects;

/**
 * One difference between an older and a newer schema of the same major, classified by {@link Rule}.
 *
 * @param pointer JSON pointer into the newer schema, with local {@code $ref}s followed as if inlined
 *     ({@code /properties/line_items/items/properties/qty}); {@code ""} is the document root
 * @param rule the rule the change falls under, which decides whether it is breaking
 * @param description what changed, in plain words, naming the payload field
 *     ({@code line_items[].qty: type changed from integer to string})
 */
public record Change(String pointer, Rule rule, String description) {

    public Change {
        if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
            throw new IllegalArgumentException("pointer must be \"\" or start with \"/\", was " + pointer);
        }
        Objects.requireNonNull(rule, "rule");
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("description is required");
        }
    }

    /** True when this change needs a new major version. */
    public boolean breaking() {
        return rule.breaking();
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(root)" : pointer) + " [" + rule + (breaking() ? ", breaking" : "") + "] "
                + description;
    }
}
