package dev.eventbus.schema;

import com.networknt.schema.Error;
import dev.eventbus.schema.internal.SchemaNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns the validator's errors into {@link Violation}s: a pointer at the property concerned and a
 * message in plain words that never repeats the payload's value.
 */
final class ViolationMessages {

    private static final Map<String, String> TYPE_NAMES = Map.of(
            "object", "an object",
            "array", "an array",
            "string", "a string",
            "integer", "an integer",
            "number", "a number",
            "boolean", "true or false",
            "null", "null");

    private static final Map<String, String> FORMATS = Map.of(
            "date-time", "an RFC 3339 date-time such as 2026-11-23T10:15:30Z",
            "date", "an RFC 3339 date such as 2026-11-23",
            "email", "an email address",
            "uri", "an absolute URI",
            "uuid", "a UUID such as 0193a1c2-7c1e-7b3a-9d0e-5f7a2b8c4d11");

    private ViolationMessages() {}

    static Violation of(Error error, String label) {
        String at = error.getInstanceLocation().toString();
        String keyword = String.valueOf(error.getKeyword());
        Object[] args = error.getArguments() == null ? new Object[0] : error.getArguments();
        return switch (keyword) {
            case "required" -> new Violation(child(at, error.getProperty()), "is required but missing");
            case "additionalProperties" -> new Violation(child(at, error.getProperty()),
                    "is not a property of " + label + " (undeclared properties are rejected)");
            case "type" -> new Violation(at, "must be " + typeNames(arg(args, 1)) + ", but is " + typeNames(arg(args, 0)));
            case "format" -> new Violation(at, "must be " + FORMATS.getOrDefault(arg(args, 0), "a valid " + arg(args, 0)));
            case "pattern" -> new Violation(at, "must match the pattern " + arg(args, 0));
            case "enum" -> new Violation(at, "must be one of " + enumValues(error, args));
            case "const" -> new Violation(at, "must be " + arg(args, 0));
            case "minimum" -> new Violation(at, "must be at least " + arg(args, 0));
            case "maximum" -> new Violation(at, "must be at most " + arg(args, 0));
            case "exclusiveMinimum" -> new Violation(at, "must be greater than " + arg(args, 0));
            case "exclusiveMaximum" -> new Violation(at, "must be less than " + arg(args, 0));
            case "multipleOf" -> new Violation(at, "must be a multiple of " + arg(args, 0));
            case "minLength" -> new Violation(at, "must be at least " + count(arg(args, 0), "character") + " long");
            case "maxLength" -> new Violation(at, "must be at most " + count(arg(args, 0), "character") + " long");
            case "minItems" -> new Violation(at, "must have at least " + count(arg(args, 0), "item"));
            case "maxItems" -> new Violation(at, "must have at most " + count(arg(args, 0), "item"));
            case "uniqueItems" -> new Violation(at, "must not contain the same item twice");
            default -> new Violation(at, error.getMessage());
        };
    }

    private static String child(String parent, String property) {
        return property == null ? parent : parent + "/" + SchemaNodes.escape(property);
    }

    private static String arg(Object[] args, int index) {
        return index < args.length ? String.valueOf(args[index]) : "?";
    }

    private static String count(String count, String noun) {
        return count + " " + noun + ("1".equals(count) ? "" : "s");
    }

    /** {@code "integer"} becomes "an integer"; {@code "[string, null]"} becomes "a string or null". */
    private static String typeNames(String types) {
        String bare = types.replace("[", "").replace("]", "").replace("\"", "");
        List<String> names = new ArrayList<>();
        for (String type : bare.split(",")) {
            String name = type.strip();
            if (!name.isEmpty()) {
                names.add(TYPE_NAMES.getOrDefault(name, name));
            }
        }
        return String.join(" or ", names);
    }

    private static String enumValues(Error error, Object[] args) {
        JsonNode values = error.getSchemaNode();
        if (values != null && values.isArray()) {
            List<String> texts = new ArrayList<>();
            values.values().forEach(v -> texts.add(v.isString() ? v.asString() : v.toString()));
            return String.join(", ", texts);
        }
        return arg(args, 0);
    }
}
