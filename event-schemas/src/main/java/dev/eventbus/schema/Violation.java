package dev.eventbus.schema;

/**
 * One way a payload breaks its schema.
 *
 * <p>{@code pointer} is an RFC 6901 JSON pointer into the payload ({@code /line_items/0/qty}; {@code ""}
 * is the payload itself). For a missing or an unknown property it points at that property, so
 * {@code /user_email} with "is required but missing". {@code message} says in plain words what is wrong
 * and never repeats the offending value, since payloads may hold personal data that ends up in logs.
 */
public record Violation(String pointer, String message) {

    public Violation {
        if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
            throw new IllegalArgumentException("pointer must be \"\" or start with \"/\", was " + pointer);
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message is required");
        }
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(payload)" : pointer) + ": " + message;
    }
}
