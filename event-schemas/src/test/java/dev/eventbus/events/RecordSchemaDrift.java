package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventbus.schema.internal.SchemaNodes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds where a payload record and the schemas of its major disagree: a schema property (of any minor)
 * without a record component of that JSON name, a component without a property, a component whose Java
 * type cannot hold the property's JSON type, or a required/optional mismatch (required in the newest
 * minor: {@code @JsonProperty(required = true)}; optional in any minor: a nullable type).
 */
final class RecordSchemaDrift {

    private final List<String> problems = new ArrayList<>();

    private RecordSchemaDrift() {}

    /** Every disagreement between {@code record} and {@code schemas} (all minors of one major, oldest first). */
    static List<String> problems(Class<?> record, List<JsonNode> schemas) {
        RecordSchemaDrift drift = new RecordSchemaDrift();
        List<Node> nodes = schemas.stream().map(s -> new Node(s, s)).toList();
        drift.compareObject("", record, nodes);
        return List.copyOf(drift.problems);
    }

    /** A schema node together with the document its $refs resolve against. */
    private record Node(JsonNode root, JsonNode schema) {
        Node resolved() {
            return new Node(root, SchemaNodes.resolve(root, schema));
        }

        Node child(JsonNode child) {
            return new Node(root, child);
        }
    }

    private void compareObject(String path, Class<?> type, List<Node> minors) {
        if (!type.isRecord()) {
            problems.add(path(path) + ": " + type.getSimpleName() + " is not a record");
            return;
        }
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            JsonProperty json = component.getAccessor().getAnnotation(JsonProperty.class);
            if (json == null || json.value().isEmpty()) {
                problems.add(path(path) + ": component " + type.getSimpleName() + "." + component.getName()
                        + " has no explicit @JsonProperty name");
                continue;
            }
            components.put(json.value(), component);
        }
        Node newest = minors.get(minors.size() - 1).resolved();
        Set<String> required = SchemaNodes.required(newest.schema());
        Set<String> names = new LinkedHashSet<>();
        minors.forEach(m -> names.addAll(SchemaNodes.propertyNames(m.resolved().schema())));
        for (String name : names) {
            String at = path + "/" + name;
            RecordComponent component = components.get(name);
            if (component == null) {
                problems.add(path(at) + ": the schema has this property but " + type.getSimpleName()
                        + " has no component with @JsonProperty(\"" + name + "\")");
                continue;
            }
            boolean isRequired = required.contains(name);
            boolean optionalInSomeMinor = minors.stream().map(Node::resolved).anyMatch(m ->
                    !SchemaNodes.required(m.schema()).contains(name));
            JsonProperty json = component.getAccessor().getAnnotation(JsonProperty.class);
            if (isRequired && !optionalInSomeMinor && !json.required()) {
                problems.add(path(at) + ": required in the schema, so the component needs @JsonProperty(required = true)");
            }
            if (optionalInSomeMinor && json.required()) {
                problems.add(path(at) + ": optional in some minor, so the component must not be required");
            }
            if (optionalInSomeMinor && component.getType().isPrimitive()) {
                problems.add(path(at) + ": optional in some minor, so the component needs a nullable (boxed) type, not "
                        + component.getType().getSimpleName());
            }
            List<Node> property = new ArrayList<>();
            for (Node minor : minors) {
                JsonNode schema = minor.resolved().schema().path("properties").get(name);
                if (schema != null) {
                    property.add(minor.child(schema).resolved());
                }
            }
            compareValue(at, component.getGenericType(), property);
        }
        for (String name : components.keySet()) {
            if (!names.contains(name)) {
                problems.add(path(path + "/" + name) + ": " + type.getSimpleName()
                        + " has this component but no minor of the schema has the property");
            }
        }
    }

    /** Compares one property, given as its schema in every minor that has it (oldest first). */
    private void compareValue(String path, Type javaType, List<Node> minors) {
        Class<?> raw = raw(javaType);
        Set<Set<String>> typesAcrossMinors = new LinkedHashSet<>();
        minors.forEach(m -> typesAcrossMinors.add(SchemaNodes.types(m.schema())));
        if (typesAcrossMinors.size() != 1) {
            problems.add(path(path) + ": the property's type differs between minors: " + typesAcrossMinors);
            return;
        }
        Set<String> types = typesAcrossMinors.iterator().next();
        if (types.equals(Set.of("integer"))) {
            expect(path, raw, Set.of(long.class, Long.class, int.class, Integer.class), "integer");
        } else if (types.equals(Set.of("boolean"))) {
            expect(path, raw, Set.of(boolean.class, Boolean.class), "boolean");
        } else if (types.equals(Set.of("string"))) {
            minors.forEach(m -> compareString(path, raw, m.schema()));
        } else if (types.equals(Set.of("array"))) {
            if (raw != List.class || !(javaType instanceof ParameterizedType list)) {
                problems.add(path(path) + ": an array needs a List<...> component, not " + javaType.getTypeName());
                return;
            }
            List<Node> items = minors.stream().map(m -> m.child(m.schema().get("items")).resolved()).toList();
            compareValue(path + "/0", list.getActualTypeArguments()[0], items);
        } else if (types.equals(Set.of("object"))) {
            compareObject(path, raw, minors);
        } else {
            problems.add(path(path) + ": no Java mapping for schema type " + types);
        }
    }

    private void compareString(String path, Class<?> raw, JsonNode schema) {
        if ("date-time".equals(schema.path("format").asString(""))) {
            expect(path, raw, Set.of(Instant.class), "date-time string");
        } else if (schema.has("enum") && "closed".equals(schema.path("x-enum").asString(""))) {
            if (!raw.isEnum()) {
                problems.add(path(path) + ": a closed enum maps onto a Java enum, not " + raw.getSimpleName());
                return;
            }
            Set<String> javaValues = new LinkedHashSet<>();
            for (Object constant : raw.getEnumConstants()) {
                try {
                    JsonProperty json = raw.getField(((Enum<?>) constant).name()).getAnnotation(JsonProperty.class);
                    javaValues.add(json == null ? ((Enum<?>) constant).name() : json.value());
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }
            Set<String> schemaValues = new LinkedHashSet<>();
            schema.get("enum").values().forEach(v -> schemaValues.add(v.asString()));
            if (!javaValues.equals(schemaValues)) {
                problems.add(path(path) + ": enum " + raw.getSimpleName() + " has values " + javaValues
                        + " but the schema has " + schemaValues);
            }
        } else {
            // Open enums stay strings: a newer minor may send values this code has never seen.
            expect(path, raw, Set.of(String.class), "string");
        }
    }

    private void expect(String path, Class<?> raw, Set<Class<?>> allowed, String what) {
        if (!allowed.contains(raw)) {
            problems.add(path(path) + ": a " + what + " property cannot map onto " + raw.getSimpleName());
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported component type " + type);
    }

    private static String path(String pointer) {
        return pointer.isEmpty() ? "(payload)" : pointer;
    }
}
