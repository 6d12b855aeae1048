package dev.eventbus.schema;

import com.networknt.schema.format.Format;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A schema of the catalog's subset compiled into plain checks that answer one question: is this payload
 * certainly valid? It never says why not. {@link PayloadValidator} asks it first and returns "no
 * violations" when it says yes; otherwise the full validator runs and reports the violations, with
 * its messages.
 *
 * <p>It only has to be right in one direction: whenever it accepts a payload, the full validator
 * accepts it too. Where the two could differ it declines and leaves the answer to the full validator:
 * a number that is not a whole number, an enum value that is equal only as a number ({@code 1} and
 * {@code 1.0}), a string whose length differs in UTF-16 units and in code points, and, when compiling,
 * any keyword or format it does not implement exactly ({@link #compile} returns {@code null}). The
 * {@code date-time} and {@code email} formats and the {@code pattern} regular expressions are the full
 * validator's own checks.
 *
 * <p>Why: the full validator builds an execution context, paths and annotations for every payload, and
 * took 5% of a worker's CPU and 7.5% of a batched publisher's in profiles, for payloads that are nearly
 * always valid. Thread-safe once compiled.
 */
final class QuickCheck {

    private enum Type { OBJECT, ARRAY, STRING, INTEGER, NUMBER, BOOLEAN, NULL }

    /**
     * The formats whose check (the validator's own, from {@link PayloadValidator#FORMATS}) reads nothing but
     * the string, so it can run outside the validator.
     */
    private static final Set<String> EXACT_FORMATS = Set.of("date-time", "email");

    /** Keywords that assert nothing about an instance. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "$comment", "title", "description",
            "examples", "deprecated", "x-event", "x-version", "x-enum", "x-reserved");

    private final Set<Type> types;
    private final Map<String, QuickCheck> properties;
    private final List<String> required;
    private final boolean closed;
    private final QuickCheck items;
    private final Integer minItems;
    private final Integer maxItems;
    private final Integer minLength;
    private final Integer maxLength;
    private final RegularExpression pattern;
    private final Format format;
    private final Long minimum;
    private final Long maximum;
    private final Long exclusiveMinimum;
    private final Long exclusiveMaximum;
    /** Whether any of the four numeric bounds is set. */
    private final boolean bounded;
    private final List<JsonNode> allowed;
    /** For a {@code $ref}: the name of the definition it points to, and the definition, once every one is compiled. */
    private final String ref;
    private QuickCheck target;

    private QuickCheck(Builder b) {
        this.types = b.types;
        this.properties = b.properties;
        this.required = b.required;
        this.closed = b.closed;
        this.items = b.items;
        this.minItems = b.minItems;
        this.maxItems = b.maxItems;
        this.minLength = b.minLength;
        this.maxLength = b.maxLength;
        this.pattern = b.pattern;
        this.format = b.format;
        this.minimum = b.minimum;
        this.maximum = b.maximum;
        this.exclusiveMinimum = b.exclusiveMinimum;
        this.exclusiveMaximum = b.exclusiveMaximum;
        this.bounded = minimum != null || maximum != null || exclusiveMinimum != null || exclusiveMaximum != null;
        this.allowed = b.allowed;
        this.ref = b.ref;
    }

    /**
     * Compiles a schema document (its {@code $defs} included), or returns {@code null} if it uses
     * anything this class does not check exactly as the full validator does.
     */
    static QuickCheck compile(JsonNode schema) {
        Map<String, QuickCheck> defs = new HashMap<>();
        List<QuickCheck> refs = new ArrayList<>();
        JsonNode defsNode = schema.get("$defs");
        if (defsNode != null) {
            if (!defsNode.isObject()) {
                return null;
            }
            for (Map.Entry<String, JsonNode> def : defsNode.properties()) {
                QuickCheck compiled = node(def.getValue(), refs);
                if (compiled == null) {
                    return null;
                }
                defs.put(def.getKey(), compiled);
            }
        }
        QuickCheck root = node(schema, refs);
        if (root == null) {
            return null;
        }
        for (QuickCheck ref : refs) {
            ref.target = defs.get(ref.ref);
            if (ref.target == null) {
                return null;
            }
        }
        return root;
    }

    /** True only if the full validator would find no violation in {@code instance}. */
    boolean accepts(JsonNode instance) {
        if (target != null) {
            return target.accepts(instance);
        }
        Type type = typeOf(instance);
        if (type == null || !(types.contains(type) || type == Type.INTEGER && types.contains(Type.NUMBER))) {
            return false;
        }
        if (allowed != null && !allowed.contains(instance)) {
            return false;
        }
        return switch (type) {
            case OBJECT -> acceptsObject(instance);
            case ARRAY -> acceptsArray(instance);
            case STRING -> acceptsString(instance.stringValue());
            case INTEGER -> acceptsInteger(instance);
            case NUMBER -> !bounded;
            case BOOLEAN, NULL -> true;
        };
    }

    private boolean acceptsObject(JsonNode object) {
        for (String name : required) {
            if (!object.has(name)) {
                return false;
            }
        }
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            QuickCheck check = properties.get(property.getKey());
            if (check == null) {
                if (closed) {
                    return false;
                }
            } else if (!check.accepts(property.getValue())) {
                return false;
            }
        }
        return true;
    }

    private boolean acceptsArray(JsonNode array) {
        int size = array.size();
        if (minItems != null && size < minItems || maxItems != null && size > maxItems) {
            return false;
        }
        if (items != null) {
            for (JsonNode item : array.values()) {
                if (!items.accepts(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean acceptsString(String value) {
        if (minLength != null || maxLength != null) {
            // Within the limits both in UTF-16 units and in code points, whichever the validator counts.
            int units = value.length();
            int codePoints = value.codePointCount(0, units);
            if (minLength != null && Math.min(units, codePoints) < minLength
                    || maxLength != null && Math.max(units, codePoints) > maxLength) {
                return false;
            }
        }
        if (pattern != null && !pattern.matches(value)) {
            return false;
        }
        return format == null || format.matches(null, value);
    }

    private boolean acceptsInteger(JsonNode number) {
        if (!bounded) {
            return true;
        }
        if (!number.canConvertToLong()) {
            return false;
        }
        long value = number.longValue();
        return (minimum == null || value >= minimum) && (maximum == null || value <= maximum)
                && (exclusiveMinimum == null || value > exclusiveMinimum) && (exclusiveMaximum == null || value < exclusiveMaximum);
    }

    /** The instance's type as the checks see it; a number with a fraction (even {@code .0}) is a NUMBER. */
    private static Type typeOf(JsonNode node) {
        if (node.isObject()) {
            return Type.OBJECT;
        } else if (node.isArray()) {
            return Type.ARRAY;
        } else if (node.isString()) {
            return Type.STRING;
        } else if (node.isIntegralNumber()) {
            return Type.INTEGER;
        } else if (node.isNumber()) {
            return Type.NUMBER;
        } else if (node.isBoolean()) {
            return Type.BOOLEAN;
        } else if (node.isNull()) {
            return Type.NULL;
        }
        return null;
    }

    private static QuickCheck node(JsonNode schema, List<QuickCheck> refs) {
        if (!schema.isObject()) {
            return null;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String name = ref.isString() && ref.stringValue().startsWith("#/$defs/") ? ref.stringValue().substring(8) : null;
            if (name == null || name.contains("/") || name.contains("~")) {
                return null;
            }
            for (String keyword : schema.propertyNames()) {
                if (!keyword.equals("$ref") && !ANNOTATIONS.contains(keyword)) {
                    return null; // a sibling of $ref that asserts something
                }
            }
            Builder b = new Builder();
            b.ref = name;
            QuickCheck check = new QuickCheck(b);
            refs.add(check);
            return check;
        }
        Builder b = new Builder();
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            JsonNode value = entry.getValue();
            boolean understood = switch (entry.getKey()) {
                case "type" -> b.types(value);
                case "properties" -> b.properties(value, refs);
                case "required" -> b.required(value);
                case "additionalProperties" -> b.additionalProperties(value);
                case "items" -> (b.items = node(value, refs)) != null;
                case "minItems" -> (b.minItems = count(value)) != null;
                case "maxItems" -> (b.maxItems = count(value)) != null;
                case "minLength" -> (b.minLength = count(value)) != null;
                case "maxLength" -> (b.maxLength = count(value)) != null;
                case "pattern" -> b.pattern(value);
                case "format" -> b.format(value);
                case "minimum" -> (b.minimum = whole(value)) != null;
                case "maximum" -> (b.maximum = whole(value)) != null;
                case "exclusiveMinimum" -> (b.exclusiveMinimum = whole(value)) != null;
                case "exclusiveMaximum" -> (b.exclusiveMaximum = whole(value)) != null;
                case "enum" -> b.allowed(value);
                case "const" -> b.allowedOne(value);
                default -> ANNOTATIONS.contains(entry.getKey());
            };
            if (!understood) {
                return null;
            }
        }
        if (b.types == null) {
            return null; // the lint requires a type beside everything but a $ref
        }
        return new QuickCheck(b);
    }

    private static Integer count(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0 ? value.intValue() : null;
    }

    private static Long whole(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }

    private static final class Builder {
        Set<Type> types;
        Map<String, QuickCheck> properties = Map.of();
        List<String> required = List.of();
        boolean closed;
        QuickCheck items;
        Integer minItems;
        Integer maxItems;
        Integer minLength;
        Integer maxLength;
        RegularExpression pattern;
        Format format;
        Long minimum;
        Long maximum;
        Long exclusiveMinimum;
        Long exclusiveMaximum;
        List<JsonNode> allowed;
        String ref;

        boolean types(JsonNode value) {
            List<JsonNode> names = value.isArray() ? List.copyOf(value.values()) : List.of(value);
            EnumSet<Type> set = EnumSet.noneOf(Type.class);
            for (JsonNode name : names) {
                if (!name.isString()) {
                    return false;
                }
                switch (name.stringValue()) {
                    case "object" -> set.add(Type.OBJECT);
                    case "array" -> set.add(Type.ARRAY);
                    case "string" -> set.add(Type.STRING);
                    case "integer" -> set.add(Type.INTEGER);
                    case "number" -> set.add(Type.NUMBER);
                    case "boolean" -> set.add(Type.BOOLEAN);
                    case "null" -> set.add(Type.NULL);
                    default -> {
                        return false;
                    }
                }
            }
            types = set.isEmpty() ? null : set;
            return types != null;
        }

        boolean properties(JsonNode value, List<QuickCheck> refs) {
            if (!value.isObject()) {
                return false;
            }
            Map<String, QuickCheck> compiled = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> property : value.properties()) {
                QuickCheck check = node(property.getValue(), refs);
                if (check == null) {
                    return false;
                }
                compiled.put(property.getKey(), check);
            }
            properties = compiled;
            return true;
        }

        boolean required(JsonNode value) {
            if (!value.isArray()) {
                return false;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode name : value.values()) {
                if (!name.isString()) {
                    return false;
                }
                names.add(name.stringValue());
            }
            required = List.copyOf(names);
            return true;
        }

        boolean additionalProperties(JsonNode value) {
            if (!value.isBoolean()) {
                return false; // a schema for the other properties: not in the catalog's subset
            }
            closed = !value.booleanValue();
            return true;
        }

        boolean pattern(JsonNode value) {
            if (!value.isString()) {
                return false;
            }
            // The validator's own regular expressions (PayloadValidator configures the JDK ones): ECMA-262's
            // anchors and character classes rewritten for java.util.regex, found anywhere in the string.
            try {
                pattern = JDKRegularExpressionFactory.getInstance().getRegularExpression(value.stringValue());
            } catch (RuntimeException e) {
                return false;
            }
            return true;
        }

        boolean format(JsonNode value) {
            if (!value.isString()) {
                return false;
            }
            format = EXACT_FORMATS.contains(value.stringValue()) ? PayloadValidator.FORMATS.get(value.stringValue()) : null;
            return format != null;
        }

        boolean allowed(JsonNode value) {
            if (!value.isArray()) {
                return false;
            }
            allowed = List.copyOf(value.values());
            return true;
        }

        boolean allowedOne(JsonNode value) {
            allowed = List.of(value);
            return true;
        }
    }
}
