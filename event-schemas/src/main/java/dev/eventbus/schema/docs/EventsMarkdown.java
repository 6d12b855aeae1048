package dev.eventbus.schema.docs;

import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.schema.EventType;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.compat.Change;
import dev.eventbus.schema.compat.CompatibilityChecker;
import dev.eventbus.schema.compat.Rule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Renders {@code docs/events.md}: an overview table, then per event its destination, owner,
 * subscribers, Java types and, per version, every payload field with type, whether it is required and
 * its description. The output depends only on the catalog, so regenerating an unchanged catalog gives
 * the same bytes.
 */
public final class EventsMarkdown {

    private final CompatibilityChecker checker = new CompatibilityChecker();

    /** The whole document for {@code catalog}. */
    public String render(EventCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Events\n\n");
        md.append("<!-- Generated from event-schemas/src/main/resources/eventbus by ").append(GenerateDocs.COMMAND)
                .append(". Do not edit: change the catalog or the schemas, then regenerate. -->\n\n");
        md.append("Every event the services exchange: where it is sent, who publishes and who consumes it, and the payload"
                + " of each version.\n\n");
        md.append("- Versions are `MAJOR.MINOR`. A minor only adds optional properties (or values of open enums), so a"
                + " handler for major N reads every N.x message; anything else is a new major, which reaches older"
                + " handlers only through an upcaster.\n");
        md.append("- *Current* is the version publishers emit today. A newer version can exist before it is current, so"
                + " consumers upgrade first.\n");
        md.append("- Publishers validate against the exact version (undeclared properties are rejected); consumers"
                + " accept what newer minors may add.\n");
        md.append("- Money is a decimal string or integer minor units, never a JSON number; timestamps are RFC 3339"
                + " date-times in UTC.\n\n");
        md.append("| Event | Current | Versions | Destination | Owner | Subscribers |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (EventDefinition event : catalog.events()) {
            md.append("| [").append(event.name()).append("](#").append(anchor(event.name())).append(") | ")
                    .append(event.currentVersion()).append(" | ").append(join(event.versions())).append(" | ")
                    .append(destination(event)).append(" | ").append(event.owner()).append(" | ")
                    .append(String.join(", ", event.subscribers())).append(" |\n");
        }
        for (EventDefinition event : catalog.events()) {
            event(md, catalog, event);
        }
        return md.toString();
    }

    private void event(StringBuilder md, EventCatalog catalog, EventDefinition event) {
        md.append("\n## ").append(event.name()).append("\n\n");
        md.append(escape(event.description())).append("\n\n");
        md.append("- **Destination:** ").append(event.channel().isFanOut()
                ? "SNS topic `" + event.channel().name() + "` (fan-out: every subscriber gets a copy)"
                : "SQS queue `" + event.channel().name() + "` (point-to-point: one consumer)").append('\n');
        md.append("- **Owner:** ").append(event.owner()).append('\n');
        md.append("- **Subscribers:** ").append(String.join(", ", event.subscribers())).append('\n');
        event.businessKey().ifPresent(key -> md.append("- **Business key:** `").append(key)
                .append("` (what consumers deduplicate messages without an event id on)\n"));
        md.append("- **Current version:** ").append(event.currentVersion()).append('\n');
        md.append("- **Versions:** ").append(join(event.versions())).append('\n');
        for (int major : event.majors()) {
            javaType(event.name(), major).ifPresent(type -> md.append("- **Java, major ").append(major).append(":** `")
                    .append(type.payloadType().getSimpleName()).append("`, `Events.").append(constantName(type))
                    .append("`\n"));
        }
        EventVersion previous = null;
        for (EventVersion version : event.versions()) {
            JsonNode schema = catalog.schema(event.name(), version);
            md.append("\n### ").append(event.name()).append(' ').append(version);
            if (version.equals(event.currentVersion())) {
                md.append(" (current)");
            }
            md.append("\n\n").append(escape(schema.path("description").asString(""))).append("\n\n");
            if (previous != null && previous.sameMajorAs(version)) {
                md.append(changes(catalog.schema(event.name(), previous), schema, previous));
            } else if (previous != null) {
                md.append("A new major: not compatible with ").append(previous.major()).append(".x. Handlers for ")
                        .append(version.major()).append(".x receive ").append(previous.major())
                        .append(".x messages through the upcaster.\n\n");
            }
            md.append("| Field | Type | Required | Description |\n|---|---|---|---|\n");
            for (SchemaFields.Field field : SchemaFields.of(schema)) {
                md.append("| `").append(field.path()).append("` | ").append(escape(field.type())).append(" | ")
                        .append(field.required()).append(" | ").append(escape(field.description())).append(" |\n");
            }
            previous = version;
        }
    }

    private String changes(JsonNode older, JsonNode newer, EventVersion previous) {
        List<String> additions = checker.compare(older, newer).stream()
                .filter(c -> c.rule() != Rule.M3)
                .map(Change::description)
                .toList();
        if (additions.isEmpty()) {
            return "Same payload as " + previous + "; documentation changes only.\n\n";
        }
        return "Changes from " + previous + ": " + additions.stream().map(EventsMarkdown::escape)
                .collect(Collectors.joining("; ")) + ".\n\n";
    }

    private static Optional<EventType<?>> javaType(String event, int major) {
        return Events.all().stream().filter(t -> t.name().equals(event) && t.major() == major).findFirst();
    }

    /** The name of the {@link Events} constant holding {@code type}, e.g. {@code ORDER_COMPLETED_V1}. */
    private static String constantName(EventType<?> type) {
        for (Field field : Events.class.getFields()) {
            try {
                if (Modifier.isStatic(field.getModifiers()) && type.equals(field.get(null))) {
                    return field.getName();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Events." + field.getName() + " is public but not readable", e);
            }
        }
        throw new IllegalStateException(type + " is in Events.all() but not a constant of Events");
    }

    private static String destination(EventDefinition event) {
        return (event.channel().isFanOut() ? "topic `" : "queue `") + event.channel().name() + "`";
    }

    private static String join(List<EventVersion> versions) {
        return versions.stream().map(EventVersion::toString).collect(Collectors.joining(", "));
    }

    /** GitHub's heading anchors: lowercase, dots and other punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_ -]", "").replace(' ', '-');
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
