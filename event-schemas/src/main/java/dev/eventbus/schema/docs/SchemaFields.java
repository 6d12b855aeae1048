package dev.eventbus.schema.docs;

import dev.eventbus.schema.internal.SchemaNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Flattens a schema into the rows of a field table: one per property at any depth, named by its path
 * in the payload ({@code line_items[].sku}, {@code price.currency}), with its type and constraints in
 * words.
 */
final class SchemaFields {

    /**
     * One field of a payload.
     *
     * @param path where it is, e.g. {@code line_items[].sku}
     * @param type its type and constraints in words, e.g. {@code string, 1-64 characters}
     * @param required "yes", "no", or "yes, in price" for a required field of an optional object
     * @param description the schema's description
     */
    record Field(String path, String type, String required, String description) {}

    private final JsonNode root;
    private final List<Field> fields = new ArrayList<>();

    private SchemaFields(JsonNode root) {
        this.root = root;
    }

    static List<Field> of(JsonNode schema) {
        SchemaFields walk = new SchemaFields(schema);
        walk.object("", "", schema);
        return List.copyOf(walk.fields);
    }

    private void object(String prefix, String parent, JsonNode node) {
        JsonNode resolved = SchemaNodes.resolve(root, node);
        Set<String> required = SchemaNodes.required(resolved);
        for (String name : SchemaNodes.propertyNames(resolved)) {
            JsonNode property = resolved.get("properties").get(name);
            JsonNode schema = SchemaNodes.resolve(root, property);
            String path = prefix + name;
            String isRequired = !required.contains(name) ? "no" : parent.isEmpty() ? "yes" : "yes, in `" + parent + "`";
            String description = property.path("description").asString(schema.path("description").asString(""));
            fields.add(new Field(path, describe(schema), isRequired, description));
            Set<String> types = SchemaNodes.types(schema);
            if (types.contains("object")) {
                object(path + ".", path, schema);
            } else if (types.contains("array")) {
                JsonNode items = SchemaNodes.resolve(root, schema.get("items"));
                if (SchemaNodes.types(items).contains("object")) {
                    object(path + "[].", path + "[]", items);
                }
            }
        }
    }

    private String describe(JsonNode schema) {
        Set<String> types = SchemaNodes.types(schema);
        List<String> parts = new ArrayList<>();
        if (types.contains("array")) {
            JsonNode items = SchemaNodes.resolve(root, schema.get("items"));
            parts.add("array of " + plural(String.join(" or ", SchemaNodes.types(items))));
        } else {
            parts.add(String.join(" or ", types));
        }
        if (schema.has("format")) {
            parts.set(0, parts.get(0) + " (" + schema.get("format").asString() + ")");
        }
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").values().forEach(v -> values.add("`" + v.asString() + "`"));
            parts.add("one of " + String.join(", ", values) + " (" + schema.path("x-enum").asString("") + " enum)");
        }
        if (schema.has("pattern")) {
            parts.add("matching `" + schema.get("pattern").asString() + "`");
        }
        range(parts, schema, "minimum", "maximum", "");
        range(parts, schema, "minLength", "maxLength", " character");
        range(parts, schema, "minItems", "maxItems", " item");
        if (schema.has("exclusiveMinimum")) {
            parts.add("> " + schema.get("exclusiveMinimum"));
        }
        if (schema.has("exclusiveMaximum")) {
            parts.add("< " + schema.get("exclusiveMaximum"));
        }
        if (schema.has("multipleOf")) {
            parts.add("multiple of " + schema.get("multipleOf"));
        }
        if (schema.has("const")) {
            parts.add("always " + schema.get("const"));
        }
        return String.join(", ", parts);
    }

    /** Adds "1-64 characters", "at least 1 item" or "at most 100"; {@code unit} is singular ("" for none). */
    private static void range(List<String> parts, JsonNode schema, String min, String max, String unit) {
        JsonNode low = schema.get(min);
        JsonNode high = schema.get(max);
        if (low != null && high != null) {
            parts.add(low + "-" + high + units(unit, high));
        } else if (low != null) {
            parts.add("at least " + low + units(unit, low));
        } else if (high != null) {
            parts.add("at most " + high + units(unit, high));
        }
    }

    private static String units(String unit, JsonNode count) {
        return unit.isEmpty() || count.asLong() == 1 ? unit : unit + "s";
    }

    private static String plural(String type) {
        return type.equals("integer") ? "integers" : type.equals("object") ? "objects" : type + "s";
    }
}
