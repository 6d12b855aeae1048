package dev.eventbus.schema;

import dev.eventbus.schema.internal.JsonFiles;
import dev.eventbus.schema.internal.SchemaNodes;
import dev.eventbus.schema.lock.SchemaLock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The event catalog: every event with its destination, owner, subscribers and current version, and the
 * JSON Schema of each of its versions. Immutable and thread-safe once loaded.
 *
 * <p>Layout, on the classpath or under a resources root on disk:
 *
 * <pre>
 * eventbus/catalog.json                          per event: destination, owner, description, current version, subscribers;
 *                                                per consumer: its queue's settings (see {@link ConsumerSettings})
 * eventbus/schemas/EVENT/MAJOR.MINOR.json        one JSON Schema (2020-12) per version; versions come from these names
 * eventbus/schemas.lock                          sha256 of every published schema file
 * </pre>
 *
 * <p>Loading checks that the catalog and the schema files agree (every event has schemas and a current
 * version among them, {@code $id}, {@code x-event} and {@code x-version} match the file's path, minors
 * of a major have no gaps, a queue has exactly one subscriber, every subscriber has queue settings
 * under {@code "consumers"}) and lints every schema against the restricted subset. It reports every problem at once, each naming its file. Loading reads and
 * lints every file, so load once and share the instance.
 */
public final class EventCatalog {

    static final String CATALOG_RESOURCE = "eventbus/catalog.json";
    static final String SCHEMAS_RESOURCE = "eventbus/schemas";
    static final String LOCK_RESOURCE = "eventbus/schemas.lock";

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("events", CatalogConsumers.SECTION);
    private static final Set<String> EVENT_KEYS =
            Set.of("description", "owner", "destination", "current_version", "subscribers", "business_key");

    private final Map<String, EventDefinition> events;
    private final Map<String, NavigableMap<EventVersion, JsonNode>> schemas;
    private final Map<String, ConsumerSettings> consumers;

    private EventCatalog(
            Map<String, EventDefinition> events,
            Map<String, NavigableMap<EventVersion, JsonNode>> schemas,
            Map<String, ConsumerSettings> consumers) {
        this.events = Collections.unmodifiableMap(new TreeMap<>(events));
        this.schemas = Collections.unmodifiableMap(new TreeMap<>(schemas));
        this.consumers = Collections.unmodifiableMap(new TreeMap<>(consumers));
    }

    /**
     * Loads the catalog packaged with this library (the classpath resources under {@code eventbus/}).
     *
     * @throws CatalogException listing every inconsistency, each naming its file
     */
    public static EventCatalog load() {
        return load(EventCatalog.class.getClassLoader());
    }

    /**
     * Loads the catalog from disk: {@code resourcesRoot/eventbus/catalog.json} and
     * {@code resourcesRoot/eventbus/schemas/<event>/<major>.<minor>.json}. Used by the build's checks
     * and by tests with fixture catalogs.
     *
     * @throws CatalogException listing every inconsistency, each naming its file
     */
    public static EventCatalog load(Path resourcesRoot) {
        Path catalogFile = resourcesRoot.resolve(CATALOG_RESOURCE);
        if (!Files.isRegularFile(catalogFile)) {
            throw new CatalogException(catalogFile + " does not exist; a catalog root holds "
                    + CATALOG_RESOURCE + " and " + SCHEMAS_RESOURCE + "/<event>/<major>.<minor>.json");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Map<EventVersion, SchemaFile>> files = new TreeMap<>();
        Path schemasDir = resourcesRoot.resolve(SCHEMAS_RESOURCE);
        for (Path eventDir : list(schemasDir, problems)) {
            if (!Files.isDirectory(eventDir)) {
                problems.add(eventDir + ": only one directory per event belongs in " + schemasDir);
                continue;
            }
            String event = eventDir.getFileName().toString();
            for (Path file : list(eventDir, problems)) {
                readSchemaFile(event, file.getFileName().toString(), file.toString(), () -> JsonFiles.read(file), files,
                        problems);
            }
        }
        return build(JsonFiles.read(catalogFile), catalogFile.toString(), files, problems);
    }

    /**
     * Loads the catalog from a class loader. From a directory the schema files are listed; from a jar
     * (or any other packaging) the lock file {@code eventbus/schemas.lock}, which the build keeps equal
     * to the set of schema files, serves as the index.
     */
    static EventCatalog load(ClassLoader loader) {
        URL catalog = loader.getResource(CATALOG_RESOURCE);
        if (catalog == null) {
            throw new CatalogException(CATALOG_RESOURCE + " is not on the classpath; is event-schemas a dependency?");
        }
        if ("file".equals(catalog.getProtocol())) {
            try {
                return load(Path.of(catalog.toURI()).getParent().getParent());
            } catch (URISyntaxException e) {
                throw new CatalogException("cannot turn " + catalog + " into a path: " + e.getMessage(), e);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Map<EventVersion, SchemaFile>> files = new TreeMap<>();
        SchemaLock lock = SchemaLock.parse(readResource(loader, LOCK_RESOURCE), LOCK_RESOURCE);
        for (String relative : lock.paths()) {
            String[] parts = relative.split("/");
            if (parts.length != 3 || !parts[0].equals("schemas")) {
                problems.add(LOCK_RESOURCE + ": \"" + relative + "\" is not schemas/<event>/<major>.<minor>.json");
                continue;
            }
            String resource = "eventbus/" + relative;
            readSchemaFile(parts[1], parts[2], resource,
                    () -> JsonFiles.parse(readResource(loader, resource), resource), files, problems);
        }
        JsonNode catalogJson = JsonFiles.parse(readResource(loader, CATALOG_RESOURCE), CATALOG_RESOURCE);
        return build(catalogJson, catalog.toString(), files, problems);
    }

    /** The event called {@code event}, if the catalog declares it. */
    public Optional<EventDefinition> find(String event) {
        return Optional.ofNullable(events.get(event));
    }

    /** Every event, sorted by name. */
    public Collection<EventDefinition> events() {
        return events.values();
    }

    /** The queue settings of the consumer called {@code name}, if the catalog declares it. */
    public Optional<ConsumerSettings> consumer(String name) {
        return Optional.ofNullable(consumers.get(name));
    }

    /** Every consumer with its queue settings, sorted by name; each event's subscribers are among them. */
    public Collection<ConsumerSettings> consumers() {
        return consumers.values();
    }

    /**
     * The versions of {@code event} that have a schema, ascending.
     *
     * @throws UnknownSchemaException if the catalog does not declare the event
     */
    public List<EventVersion> versions(String event) {
        return definition(event).versions();
    }

    /**
     * A copy of the JSON Schema of {@code event} at {@code version}.
     *
     * @throws UnknownSchemaException naming the versions that do exist, if there is no such schema
     */
    public JsonNode schema(String event, EventVersion version) {
        EventDefinition definition = definition(event);
        JsonNode schema = schemas.get(event).get(version);
        if (schema == null) {
            throw new UnknownSchemaException("no schema for " + event + " " + version + "; the catalog has "
                    + event + " " + join(definition.versions()));
        }
        return schema.deepCopy();
    }

    private EventDefinition definition(String event) {
        EventDefinition definition = events.get(event);
        if (definition == null) {
            throw new UnknownSchemaException("unknown event \"" + event + "\"; the catalog declares "
                    + String.join(", ", events.keySet()));
        }
        return definition;
    }

    static String join(List<EventVersion> versions) {
        return versions.stream().map(EventVersion::toString).collect(Collectors.joining(", "));
    }

    /** A schema file found on disk or in a jar: where it is, and how to read it. */
    private record SchemaFile(String location, JsonNode document) {}

    @FunctionalInterface
    private interface JsonSource {
        JsonNode read();
    }

    private static void readSchemaFile(
            String event,
            String fileName,
            String location,
            JsonSource source,
            Map<String, Map<EventVersion, SchemaFile>> files,
            List<String> problems) {
        if (!fileName.endsWith(".json")) {
            problems.add(location + ": schema files are named <major>.<minor>.json");
            return;
        }
        EventVersion version;
        try {
            version = EventVersion.parse(fileName.substring(0, fileName.length() - ".json".length()));
        } catch (IllegalArgumentException e) {
            problems.add(location + ": schema files are named <major>.<minor>.json (e.g. 1.2.json); " + e.getMessage());
            return;
        }
        JsonNode document;
        try {
            document = source.read();
        } catch (CatalogException e) {
            problems.add(e.getMessage());
            return;
        }
        for (String problem : SchemaLint.check(document, event, version)) {
            problems.add(location + " " + problem);
        }
        files.computeIfAbsent(event, e -> new TreeMap<>()).put(version, new SchemaFile(location, document));
    }

    private static EventCatalog build(
            JsonNode catalogJson,
            String catalogName,
            Map<String, Map<EventVersion, SchemaFile>> files,
            List<String> problems) {
        Map<String, EventDefinition> events = new TreeMap<>();
        JsonNode declared = catalogJson.get("events");
        if (!catalogJson.isObject() || declared == null || !declared.isObject()) {
            problems.add(catalogName + ": the catalog is an object with \"events\": {\"<event>\": {...}}");
            declared = JsonFiles.mapper().createObjectNode();
        } else {
            for (String key : catalogJson.propertyNames()) {
                if (!TOP_LEVEL_KEYS.contains(key)) {
                    problems.add(catalogName + ": unknown top-level key \"" + key + "\"; allowed keys are " + new TreeSet<>(TOP_LEVEL_KEYS));
                }
            }
        }
        for (Map.Entry<String, JsonNode> entry : declared.properties()) {
            String event = entry.getKey();
            Map<EventVersion, SchemaFile> versions = files.getOrDefault(event, Map.of());
            if (versions.isEmpty()) {
                problems.add(catalogName + ": " + event + " has no schema files; add " + SCHEMAS_RESOURCE + "/" + event
                        + "/1.0.json");
                continue;
            }
            checkMinorsHaveNoGaps(event, new TreeSet<>(versions.keySet()), problems);
            try {
                EventDefinition definition = definition(event, entry.getValue(), List.copyOf(new TreeSet<>(versions.keySet())));
                events.put(event, definition);
                checkBusinessKey(definition, versions, problems);
            } catch (IllegalArgumentException e) {
                problems.add(catalogName + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, Map<EventVersion, SchemaFile>> event : files.entrySet()) {
            if (!declared.has(event.getKey())) {
                String where = event.getValue().values().iterator().next().location();
                problems.add(where + ": event \"" + event.getKey() + "\" has schemas but " + catalogName
                        + " does not declare it; add its destination, owner, description, current_version and subscribers");
            }
        }
        Map<String, ConsumerSettings> consumers =
                CatalogConsumers.read(catalogJson.get(CatalogConsumers.SECTION), catalogName, events.values(), problems);
        if (!problems.isEmpty()) {
            throw new CatalogException("the event catalog is inconsistent (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems));
        }
        Map<String, NavigableMap<EventVersion, JsonNode>> schemas = new TreeMap<>();
        files.forEach((event, versions) -> {
            NavigableMap<EventVersion, JsonNode> documents = new TreeMap<>();
            versions.forEach((version, file) -> documents.put(version, file.document()));
            schemas.put(event, Collections.unmodifiableNavigableMap(documents));
        });
        return new EventCatalog(events, schemas, consumers);
    }

    private static EventDefinition definition(String event, JsonNode entry, List<EventVersion> versions) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException(event + " must be an object with " + EVENT_KEYS);
        }
        for (String key : entry.propertyNames()) {
            if (!EVENT_KEYS.contains(key)) {
                throw new IllegalArgumentException(event + ": unknown key \"" + key + "\"; allowed keys are "
                        + new TreeSet<>(EVENT_KEYS));
            }
        }
        String version = text(entry, event, "current_version");
        EventVersion current;
        try {
            current = EventVersion.parse(version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(event + ": current_version: " + e.getMessage(), e);
        }
        JsonNode subscribers = entry.get("subscribers");
        if (subscribers == null || !subscribers.isArray()) {
            throw new IllegalArgumentException(event + ": subscribers must be a list of consumer names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode subscriber : subscribers.values()) {
            if (!subscriber.isString()) {
                throw new IllegalArgumentException(event + ": subscribers must be consumer names (strings)");
            }
            names.add(subscriber.asString());
        }
        Collections.sort(names);
        return new EventDefinition(event, text(entry, event, "owner"), text(entry, event, "description"),
                channel(event, entry.get("destination")), current, versions, names, businessKey(event, entry.get("business_key")));
    }

    /** {@code "business_key": "/order_id"}, or a list of pointers for a composite key; empty when absent. */
    private static List<String> businessKey(String event, JsonNode key) {
        if (key == null) {
            return List.of();
        }
        List<String> pointers = new ArrayList<>();
        if (key.isString()) {
            pointers.add(key.asString());
        } else if (key.isArray() && !key.isEmpty()) {
            for (JsonNode pointer : key.values()) {
                if (!pointer.isString()) {
                    throw new IllegalArgumentException(event + ": business_key lists JSON pointers (strings)");
                }
                pointers.add(pointer.asString());
            }
        } else {
            throw new IllegalArgumentException(event + ": business_key is a JSON pointer such as \"/order_id\", or a list of them");
        }
        return pointers;
    }

    /**
     * A business key must exist in every message of the event: each pointer names a property that every
     * version's schema requires, of type string or integer (values that compare exactly).
     */
    private static void checkBusinessKey(EventDefinition definition, Map<EventVersion, SchemaFile> versions, List<String> problems) {
        for (String pointer : definition.businessKeyPointers()) {
            for (SchemaFile file : versions.values()) {
                String problem = keyProblem(file.document(), pointer);
                if (problem != null) {
                    problems.add(file.location() + ": business_key " + pointer + " of " + definition.name() + " " + problem);
                }
            }
        }
    }

    /** Why {@code pointer} cannot be a business key in {@code schema}, or {@code null} if it can. */
    private static String keyProblem(JsonNode schema, String pointer) {
        JsonNode node = schema;
        for (String token : pointer.substring(1).split("/", -1)) {
            String name = token.replace("~1", "/").replace("~0", "~");
            node = SchemaNodes.resolve(schema, node);
            JsonNode property = node.path("properties").get(name);
            if (property == null) {
                return "names a property the schema does not define";
            }
            if (!SchemaNodes.required(node).contains(name)) {
                return "names a property the schema does not require; a business key must be in every message";
            }
            node = property;
        }
        Set<String> types = SchemaNodes.types(SchemaNodes.resolve(schema, node));
        if (types.size() != 1 || !(types.contains("string") || types.contains("integer"))) {
            return "must be a string or an integer, but the schema says " + types;
        }
        return null;
    }

    private static Channel channel(String event, JsonNode destination) {
        if (destination == null || !destination.isObject() || destination.size() != 1) {
            throw new IllegalArgumentException(event + ": destination must be {\"topic\": \"<name>\"} (fan-out) or"
                    + " {\"queue\": \"<name>\"} (point-to-point)");
        }
        Iterator<Map.Entry<String, JsonNode>> only = destination.properties().iterator();
        Map.Entry<String, JsonNode> kind = only.next();
        if (!kind.getValue().isString()) {
            throw new IllegalArgumentException(event + ": destination " + kind.getKey() + " must be a name");
        }
        try {
            return switch (kind.getKey()) {
                case "topic" -> Channel.topic(kind.getValue().asString());
                case "queue" -> Channel.queue(kind.getValue().asString());
                default -> throw new IllegalArgumentException(
                        "destination is \"topic\" or \"queue\", not \"" + kind.getKey() + "\"");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(event + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode entry, String event, String key) {
        JsonNode value = entry.get(key);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new IllegalArgumentException(event + ": " + key + " is required (a non-empty string)");
        }
        return value.asString();
    }

    private static void checkMinorsHaveNoGaps(String event, TreeSet<EventVersion> versions, List<String> problems) {
        int expectedMinor = 0;
        int major = -1;
        for (EventVersion version : versions) {
            if (version.major() != major) {
                major = version.major();
                expectedMinor = 0;
            }
            if (version.minor() != expectedMinor) {
                problems.add(SCHEMAS_RESOURCE + "/" + event + ": has " + version + " but no " + major + "." + expectedMinor
                        + "; the minors of a major start at 0 and have no gaps");
                expectedMinor = version.minor();
            }
            expectedMinor++;
        }
    }

    private static List<Path> list(Path dir, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add(dir + " does not exist; schema files go in " + dir + "/<event>/<major>.<minor>.json");
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private static String readResource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CatalogException("cannot read " + resource + " from the classpath: " + e.getMessage(), e);
        }
    }
}
