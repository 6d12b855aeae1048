package dev.eventbus;

import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.Violation;
import java.util.List;

/**
 * A payload that breaks its event's schema, found before anything was sent. {@link #violations()} lists
 * each problem with a JSON pointer into the payload; the message lists them too.
 */
public final class SchemaViolationException extends EventBusException {

    private final String event;
    private final EventVersion version;
    private final List<Violation> violations;

    public SchemaViolationException(String event, EventVersion version, List<Violation> violations) {
        super(describe(event, version, violations));
        this.event = event;
        this.version = version;
        this.violations = List.copyOf(violations);
    }

    public String event() {
        return event;
    }

    public EventVersion version() {
        return version;
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(String event, EventVersion version, List<Violation> violations) {
        StringBuilder text = new StringBuilder("the payload of ").append(event).append(' ').append(version)
                .append(" breaks its schema in ").append(violations.size()).append(violations.size() == 1 ? " place" : " places")
                .append("; nothing was sent:");
        violations.forEach(v -> text.append("\n  ").append(v));
        return text.toString();
    }
}
