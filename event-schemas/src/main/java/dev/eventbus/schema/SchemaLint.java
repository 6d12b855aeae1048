package dev.eventbus.schema;

import dev.eventbus.schema.internal.JsonFiles;
import dev.eventbus.schema.internal.SchemaNodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * The lint every schema file passes before the catalog accepts it (L1-L6, described in docs/compatibility.md):
 * the restricted subset that keeps payload validation strict and the compatibility check decidable.
 *
 * <ul>
 *   <li>L1: {@code $schema} is 2020-12; {@code $id}, {@code x-event} and {@code x-version} agree with
 *       the file's path; the document has a title and a description.
 *   <li>L2: every object node is closed ({@code additionalProperties: false}).
 *   <li>L3: only keywords the compatibility checker understands; no {@code oneOf}, {@code anyOf},
 *       {@code allOf}, {@code not}, {@code if}, {@code patternProperties}, {@code unevaluated*},
 *       {@code $dynamicRef}, {@code prefixItems} or {@code default}; every node has a {@code type} or a
 *       {@code $ref}, which is local ({@code #/$defs/<name>}) and carries only documentation beside it.
 *   <li>L4: every property has a description; properties named {@code *_at} are
 *       {@code format: date-time} strings; {@code type: number} is not allowed at all, so money is a
 *       decimal string or integer minor units (and no float ever crosses the wire).
 *   <li>L5: every enum is tagged {@code x-enum: open} or {@code closed}.
 *   <li>L6: no name in an object's {@code x-reserved} appears in its properties.
 * </ul>
 */
final class SchemaLint {

    static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    static final String ID_PREFIX = "https://schemas.eventbus.dev/events/";

    private static final Set<String> ROOT_ONLY = Set.of("$schema", "$id", "x-event", "x-version", "$defs");
    private static final Set<String> DOCS = Set.of("title", "description", "examples", "deprecated", "$comment");
    private static final Set<String> STRUCTURE = Set.of(
            "type", "properties", "required", "additionalProperties", "items", "enum", "x-enum", "x-reserved", "const",
            "$ref");
    private static final Set<String> CONSTRAINTS = Set.of(
            "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "multipleOf", "minItems", "maxItems", "uniqueItems");
    private static final Map<String, String> FORBIDDEN = Map.ofEntries(
            Map.entry("oneOf", "unions"), Map.entry("anyOf", "unions"), Map.entry("allOf", "composition"),
            Map.entry("not", "negation"), Map.entry("if", "conditionals"), Map.entry("then", "conditionals"),
            Map.entry("else", "conditionals"), Map.entry("patternProperties", "pattern-named properties"),
            Map.entry("unevaluatedProperties", "unevaluated keywords"), Map.entry("unevaluatedItems", "unevaluated keywords"),
            Map.entry("$dynamicRef", "dynamic references"), Map.entry("$anchor", "anchors"),
            Map.entry("dependentSchemas", "dependent schemas"), Map.entry("dependentRequired", "dependent requirements"),
            Map.entry("prefixItems", "tuples"), Map.entry("default", "defaults"));
    private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "boolean", "null");
    private static final Set<String> FORMATS = Set.of("date-time", "date", "email", "uri", "uuid");
    /** Stands in for a malformed {@code properties}, so the rest of the lint still runs. */
    private static final JsonNode NO_PROPERTIES = JsonFiles.mapper().createObjectNode();
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    private SchemaLint(JsonNode root) {
        this.root = root;
    }

    /**
     * Lints the schema of {@code event} at {@code version}.
     *
     * @return every problem found, each as {@code "<pointer>: <what is wrong> (<rule>)"}; empty when the
     *     schema is fine
     */
    static List<String> check(JsonNode schema, String event, EventVersion version) {
        SchemaLint lint = new SchemaLint(schema);
        lint.checkRoot(event, version);
        return List.copyOf(lint.problems);
    }

    private void checkRoot(String event, EventVersion version) {
        if (!root.isObject()) {
            problem("", "the document must be a JSON object (L1)");
            return;
        }
        expectText("/$schema", root.get("$schema"), DRAFT_2020_12, "L1");
        expectText("/$id", root.get("$id"), ID_PREFIX + event + "/" + version + ".json", "L1");
        expectText("/x-event", root.get("x-event"), event, "L1");
        expectText("/x-version", root.get("x-version"), version.toString(), "L1");
        for (String doc : List.of("title", "description")) {
            if (!isNonBlankText(root.get(doc))) {
                problem("/" + doc, "the document needs a " + doc + " (L1)");
            }
        }
        if (!SchemaNodes.types(root).equals(Set.of("object"))) {
            problem("/type", "a payload is a JSON object: the root needs \"type\": \"object\" (L2)");
        }
        JsonNode defs = root.get("$defs");
        if (defs != null) {
            if (!defs.isObject()) {
                problem("/$defs", "$defs must be an object of named schemas (L3)");
            } else {
                for (Map.Entry<String, JsonNode> def : defs.properties()) {
                    checkNode("/$defs/" + SchemaNodes.escape(def.getKey()), def.getValue(), false);
                }
            }
        }
        checkNode("", root, true);
    }

    private void checkNode(String pointer, JsonNode node, boolean isRoot) {
        if (!node.isObject()) {
            problem(pointer, "a schema must be a JSON object (L3)");
            return;
        }
        for (String keyword : node.propertyNames()) {
            if (FORBIDDEN.containsKey(keyword)) {
                problem(pointer + "/" + keyword, keyword + " (" + FORBIDDEN.get(keyword)
                        + ") is outside the restricted subset; model it as plain optional properties or a new event (L3)");
            } else if (ROOT_ONLY.contains(keyword) && !isRoot) {
                problem(pointer + "/" + keyword, keyword + " belongs at the top of the document only (L3)");
            } else if (!ROOT_ONLY.contains(keyword) && !DOCS.contains(keyword) && !STRUCTURE.contains(keyword)
                    && !CONSTRAINTS.contains(keyword)) {
                problem(pointer + "/" + SchemaNodes.escape(keyword), "unknown keyword \"" + keyword
                        + "\"; the catalog allows only keywords its compatibility check understands (L3)");
            }
        }
        if (node.has("$ref")) {
            checkRef(pointer, node);
            return;
        }
        Set<String> types = checkType(pointer, node);
        if (types.contains("object")) {
            checkObject(pointer, node);
        } else {
            for (String keyword : List.of("properties", "required", "additionalProperties", "x-reserved")) {
                if (node.has(keyword)) {
                    problem(pointer + "/" + keyword, keyword + " needs \"type\": \"object\" (L3)");
                }
            }
        }
        if (types.contains("array")) {
            JsonNode items = node.get("items");
            if (items == null) {
                problem(pointer + "/items", "an array needs an items schema (L3)");
            } else {
                checkNode(pointer + "/items", items, false);
            }
        } else if (node.has("items")) {
            problem(pointer + "/items", "items needs \"type\": \"array\" (L3)");
        }
        checkEnum(pointer, node);
        checkConstraints(pointer, node, types);
    }

    private void checkRef(String pointer, JsonNode node) {
        JsonNode ref = node.get("$ref");
        try {
            String name = SchemaNodes.defName(ref.isString() ? ref.asString() : null);
            if (!root.path("$defs").has(name)) {
                problem(pointer + "/$ref", "$ref \"" + ref.asString() + "\" names no entry of $defs (L3)");
            }
        } catch (IllegalArgumentException e) {
            problem(pointer + "/$ref", e.getMessage() + "; remote references are not allowed (L3)");
        }
        for (String keyword : node.propertyNames()) {
            if (!keyword.equals("$ref") && !DOCS.contains(keyword)) {
                problem(pointer + "/" + SchemaNodes.escape(keyword),
                        "beside $ref only documentation (title, description) is allowed, not " + keyword + " (L3)");
            }
        }
    }

    private Set<String> checkType(String pointer, JsonNode node) {
        JsonNode type = node.get("type");
        if (type == null) {
            problem(pointer, "every schema needs a type (or a $ref) (L3)");
            return Set.of();
        }
        List<JsonNode> names = type.isArray() ? List.copyOf(type.values()) : List.of(type);
        if (names.isEmpty()) {
            problem(pointer + "/type", "type must name at least one type (L3)");
        }
        Set<String> types = new HashSet<>();
        for (JsonNode name : names) {
            if (!name.isString()) {
                problem(pointer + "/type", "type must be a type name or a list of them (L3)");
            } else if (name.asString().equals("number")) {
                problem(pointer + "/type", "type number is not allowed: money is a decimal string or integer minor units,"
                        + " and a float loses precision in some consumers (L4)");
            } else if (!TYPES.contains(name.asString())) {
                problem(pointer + "/type", "unknown type \"" + name.asString() + "\" (L3)");
            } else if (!types.add(name.asString())) {
                problem(pointer + "/type", "type lists \"" + name.asString() + "\" twice (L3)");
            }
        }
        return types;
    }

    private void checkObject(String pointer, JsonNode node) {
        JsonNode additional = node.get("additionalProperties");
        if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
            problem(pointer + "/additionalProperties",
                    "every object is closed: \"additionalProperties\": false; publishers send only declared properties (L2)");
        }
        JsonNode properties = node.get("properties");
        if (properties == null || !properties.isObject()) {
            problem(pointer + "/properties", "an object needs properties, an object of named schemas (L3)");
            properties = NO_PROPERTIES;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            String name = property.getKey();
            String at = pointer + "/properties/" + SchemaNodes.escape(name);
            if (!PROPERTY_NAME.matcher(name).matches()) {
                problem(at, "property names are snake_case (lowercase words joined by _), not \"" + name + "\" (L4)");
            }
            JsonNode schema = property.getValue();
            if (!schema.isObject() || !isNonBlankText(schema.get("description"))) {
                problem(at, "every property needs a description (L4)");
            }
            if (name.endsWith("_at") && schema.isObject()
                    && !(SchemaNodes.types(schema).equals(Set.of("string"))
                            && "date-time".equals(schema.path("format").asString("")))) {
                problem(at, "a *_at property is a timestamp: \"type\": \"string\", \"format\": \"date-time\" (L4)");
            }
            checkNode(at, schema, false);
        }
        JsonNode required = node.get("required");
        if (required != null) {
            if (!required.isArray()) {
                problem(pointer + "/required", "required must be a list of property names (L3)");
            } else {
                Set<String> seen = new HashSet<>();
                for (JsonNode name : required.values()) {
                    if (!name.isString() || !properties.has(name.asString())) {
                        problem(pointer + "/required", "required names " + name + ", which is not one of the properties (L3)");
                    } else if (!seen.add(name.asString())) {
                        problem(pointer + "/required", "required lists \"" + name.asString() + "\" twice (L3)");
                    }
                }
            }
        }
        JsonNode reserved = node.get("x-reserved");
        if (reserved != null) {
            if (!reserved.isArray()) {
                problem(pointer + "/x-reserved", "x-reserved must be a list of property names (L6)");
            } else {
                for (JsonNode name : reserved.values()) {
                    if (!name.isString()) {
                        problem(pointer + "/x-reserved", "x-reserved must hold property names only (L6)");
                    } else if (properties.has(name.asString())) {
                        problem(pointer + "/properties/" + SchemaNodes.escape(name.asString()), "\"" + name.asString()
                                + "\" is reserved (x-reserved): a removed name never comes back within a major (L6)");
                    }
                }
            }
        }
    }

    private void checkEnum(String pointer, JsonNode node) {
        JsonNode values = node.get("enum");
        JsonNode tag = node.get("x-enum");
        if (values == null) {
            if (tag != null) {
                problem(pointer + "/x-enum", "x-enum tags an enum, but there is none (L5)");
            }
            return;
        }
        if (!values.isArray() || values.isEmpty()) {
            problem(pointer + "/enum", "enum must be a non-empty list of values (L3)");
        } else if (new HashSet<>(values.values()).size() != values.size()) {
            problem(pointer + "/enum", "enum lists a value twice (L3)");
        }
        if (tag == null || !tag.isString() || !(tag.asString().equals("open") || tag.asString().equals("closed"))) {
            problem(pointer + "/x-enum", "every enum is tagged \"x-enum\": \"open\" (consumers handle unknown values,"
                    + " minors may add values) or \"closed\" (a new value needs a new major) (L5)");
        }
    }

    private void checkConstraints(String pointer, JsonNode node, Set<String> types) {
        JsonNode format = node.get("format");
        if (format != null) {
            if (!format.isString() || !FORMATS.contains(format.asString())) {
                problem(pointer + "/format", "format must be one of " + FORMATS.stream().sorted().toList() + " (L3)");
            } else if (!types.contains("string")) {
                problem(pointer + "/format", "format applies to strings only (L3)");
            }
        }
        JsonNode pattern = node.get("pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern.asString());
            } catch (PatternSyntaxException e) {
                problem(pointer + "/pattern", "pattern is not a regular expression: " + e.getDescription() + " (L3)");
            }
        }
        for (String keyword : List.of("minLength", "maxLength", "minItems", "maxItems")) {
            JsonNode value = node.get(keyword);
            if (value != null && !(value.isIntegralNumber() && value.asLong() >= 0)) {
                problem(pointer + "/" + keyword, keyword + " must be a non-negative integer (L3)");
            }
        }
        for (String keyword : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")) {
            JsonNode value = node.get(keyword);
            if (value != null && !value.isIntegralNumber()) {
                problem(pointer + "/" + keyword,
                        keyword + " must be an integer: there are no fractional numbers in payloads (L4)");
            }
        }
    }

    private void expectText(String pointer, JsonNode actual, String expected, String rule) {
        if (actual == null || !actual.isString() || !actual.asString().equals(expected)) {
            problem(pointer, "must be \"" + expected + "\" to agree with the file's path, but is "
                    + (actual == null ? "missing" : actual.toString()) + " (" + rule + ")");
        }
    }

    private static boolean isNonBlankText(JsonNode node) {
        return node != null && node.isString() && !node.asString().isBlank();
    }

    private void problem(String pointer, String message) {
        problems.add((pointer.isEmpty() ? "(document)" : pointer) + ": " + message);
    }
}
