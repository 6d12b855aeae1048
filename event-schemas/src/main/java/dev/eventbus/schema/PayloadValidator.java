package dev.eventbus.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates payloads against the catalog's JSON Schemas, reporting every violation with a JSON pointer
 * into the payload and a message in plain words.
 *
 * <p>Two modes, because writers are strict and readers tolerant:
 *
 * <ul>
 *   <li>{@link #validate} is for publishers: the exact version's schema, closed, so a typo or an
 *       undeclared property never leaves the producer.
 *   <li>{@link #validateTolerant} is for consumers: the exact schema when the catalog has it; for a
 *       minor newer than any the catalog knows, the newest known minor of that major in open mode:
 *       undeclared properties are allowed and so are unknown values of enums tagged
 *       {@code x-enum: open}, because those are the only two things a newer minor may add (rules M1,
 *       M4). Everything else (types, required properties, formats, closed enums, ranges) is enforced.
 * </ul>
 *
 * <p>All schemas are compiled when the validator is built, with {@code format} assertions on
 * ({@code date-time}, {@code email} are checked, not just annotations) and remote {@code $ref} fetching
 * off. Thread-safe: build one per catalog and share it.
 */
public final class PayloadValidator {

    private record Key(String event, EventVersion version) {}

    /** A compiled schema, and its quick check ({@code null} when the schema is outside the quick check's subset). */
    private record Compiled(Schema schema, QuickCheck quick) {}

    private final EventCatalog catalog;
    private final Map<Key, Compiled> closed;
    private final Map<Key, Compiled> open;

    /**
     * Compiles every schema of {@code catalog}.
     *
     * @throws SchemaException if a schema cannot be compiled
     */
    public PayloadValidator(EventCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        SchemaRegistry closedRegistry = registry();
        SchemaRegistry openRegistry = registry();
        Map<Key, Compiled> closedSchemas = new HashMap<>();
        Map<Key, Compiled> openSchemas = new HashMap<>();
        for (EventDefinition event : catalog.events()) {
            for (EventVersion version : event.versions()) {
                JsonNode schema = catalog.schema(event.name(), version);
                JsonNode opened = opened(schema);
                Key key = new Key(event.name(), version);
                closedSchemas.put(key, new Compiled(compile(closedRegistry, schema, key), QuickCheck.compile(schema)));
                openSchemas.put(key, new Compiled(compile(openRegistry, opened, key), QuickCheck.compile(opened)));
            }
        }
        this.closed = Map.copyOf(closedSchemas);
        this.open = Map.copyOf(openSchemas);
    }

    /**
     * Validates a payload against exactly {@code event} at {@code version}, as a publisher must.
     *
     * @return every violation, ordered by pointer; empty when the payload is valid
     * @throws UnknownSchemaException if the catalog has no schema for that event and version
     */
    public List<Violation> validate(String event, EventVersion version, JsonNode payload) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(payload, "payload");
        Compiled compiled = closed.get(new Key(event, version));
        if (compiled == null) {
            throw new UnknownSchemaException("no schema for " + event + " " + version + "; the catalog has " + event + " "
                    + EventCatalog.join(definition(event).versions()) + ". Publishers send a version the catalog has.");
        }
        return violations(compiled, payload, event + " " + version);
    }

    /**
     * Validates a payload as a consumer reading {@code event} at {@code version}: against that exact
     * schema when the catalog has it, or, for a minor newer than every known minor of its major, against
     * the newest known minor of that major with unknown properties allowed.
     *
     * @return every violation, ordered by pointer; empty when the payload is acceptable
     * @throws UnknownSchemaException if the catalog knows no schema of that event's major
     */
    public List<Violation> validateTolerant(String event, EventVersion version, JsonNode payload) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(payload, "payload");
        Compiled exact = closed.get(new Key(event, version));
        if (exact != null) {
            return violations(exact, payload, event + " " + version);
        }
        EventDefinition definition = definition(event);
        EventVersion newest = definition.newestMinorOf(version.major()).orElseThrow(() -> new UnknownSchemaException(
                "no schema of " + event + " major " + version.major() + " for a " + version + " message; the catalog has "
                        + event + " " + EventCatalog.join(definition.versions())
                        + ". Deploy a consumer that knows major " + version.major() + " before it is published."));
        if (version.compareTo(newest) < 0) {
            throw new UnknownSchemaException("no schema for " + event + " " + version + "; the catalog has " + event + " "
                    + EventCatalog.join(definition.versions()));
        }
        return violations(open.get(new Key(event, newest)), payload, event + " " + newest);
    }

    /**
     * For tests: whether the quick check of one schema (exact, or opened as for newer minors) accepts
     * {@code payload}; {@code null} if that schema has no quick check.
     */
    Boolean quickAccepts(String event, EventVersion version, boolean opened, JsonNode payload) {
        QuickCheck quick = compiled(event, version, opened).quick();
        return quick == null ? null : quick.accepts(payload);
    }

    /** For tests: the full validator's violations of {@code payload} against one schema, without the quick check. */
    List<Violation> fullViolations(String event, EventVersion version, boolean opened, JsonNode payload) {
        return fullViolations(compiled(event, version, opened).schema(), payload, event + " " + version);
    }

    /** One schema as compiled, exact or opened (as for newer minors). */
    private Compiled compiled(String event, EventVersion version, boolean opened) {
        return (opened ? open : closed).get(new Key(event, version));
    }

    private EventDefinition definition(String event) {
        return catalog.find(event).orElseThrow(() -> new UnknownSchemaException("unknown event \"" + event
                + "\"; the catalog declares " + catalog.events().stream().map(EventDefinition::name).toList()));
    }

    /**
     * The violations of {@code payload}: none when the quick check accepts it, which it does only for
     * payloads the full validator accepts too; else the full validator's.
     */
    private static List<Violation> violations(Compiled compiled, JsonNode payload, String label) {
        if (compiled.quick() != null && compiled.quick().accepts(payload)) {
            return List.of();
        }
        return fullViolations(compiled.schema(), payload, label);
    }

    private static List<Violation> fullViolations(Schema schema, JsonNode payload, String label) {
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(payload)) {
            violations.add(ViolationMessages.of(error, label));
        }
        violations.sort(Comparator.comparing(Violation::pointer));
        return List.copyOf(violations);
    }

    /**
     * The format checks, by name: networknt's own, with a quicker {@code date-time} for UTC timestamps. The
     * dialect below and {@link QuickCheck} use these same objects.
     */
    static final Map<String, Format> FORMATS = formats();

    private static Map<String, Format> formats() {
        Map<String, Format> formats = new HashMap<>();
        for (Format format : Formats.DEFAULT) {
            formats.put(format.getName(), format);
        }
        Format dateTime = new UtcFirstDateTimeFormat();
        formats.put(dateTime.getName(), dateTime);
        return Map.copyOf(formats);
    }

    /**
     * Draft 2020-12 plus the catalog's own annotations ({@code x-event}, {@code x-version},
     * {@code x-enum}, {@code x-reserved}), declared so the validator knows they assert nothing instead
     * of warning about unknown keywords on every schema it compiles, and a quicker {@code date-time}
     * check for UTC timestamps.
     */
    private static final Dialect DIALECT = Dialect.builder(Dialects.getDraft202012())
            .keyword(new NonValidationKeyword("x-event"))
            .keyword(new NonValidationKeyword("x-version"))
            .keyword(new NonValidationKeyword("x-enum"))
            .keyword(new NonValidationKeyword("x-reserved"))
            .format(FORMATS.get("date-time"))
            .build();

    private static SchemaRegistry registry() {
        return SchemaRegistry.withDefaultDialect(DIALECT, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_POINTER)
                        // said explicitly: QuickCheck uses the same regular expressions
                        .regularExpressionFactory(JDKRegularExpressionFactory.getInstance())
                        .locale(Locale.ROOT)
                        .build())
                .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    }

    private static Schema compile(SchemaRegistry registry, JsonNode document, Key key) {
        try {
            Schema schema = registry.getSchema(document);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw new SchemaException("cannot compile the schema of " + key.event() + " " + key.version() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A copy of {@code schema} whose objects accept properties they do not declare and whose open enums
     * accept values they do not list.
     */
    static JsonNode opened(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        open(copy);
        return copy;
    }

    private static void open(JsonNode schemaNode) {
        if (!schemaNode.isObject()) {
            return;
        }
        ObjectNode node = (ObjectNode) schemaNode;
        node.remove("additionalProperties");
        if ("open".equals(node.path("x-enum").asString(""))) {
            node.remove("enum");
        }
        schemaNode.path("properties").values().forEach(PayloadValidator::open);
        schemaNode.path("$defs").values().forEach(PayloadValidator::open);
        open(schemaNode.path("items"));
    }
}
