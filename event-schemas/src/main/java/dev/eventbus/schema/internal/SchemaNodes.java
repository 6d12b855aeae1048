package dev.eventbus.schema.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reads the restricted schema subset the catalog allows: local {@code $ref}s into {@code $defs},
 * {@code type} as a name or list of names, {@code properties}, {@code required} and {@code items}.
 * Every schema the catalog loads has passed its lint, so these methods assume that shape.
 */
public final class SchemaNodes {

    private static final String DEFS_PREFIX = "#/$defs/";

    private SchemaNodes() {}

    /**
     * Follows {@code node}'s local {@code $ref} (possibly through several) to the schema it names in
     * {@code root}'s {@code $defs}; returns {@code node} itself when it has no {@code $ref}.
     *
     * @throws IllegalArgumentException if a reference is not local or names a missing definition, or if
     *     references form a cycle
     */
    public static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode current = node;
        Set<String> seen = new LinkedHashSet<>();
        while (current.has("$ref")) {
            String ref = current.get("$ref").asString();
            if (!seen.add(ref)) {
                throw new IllegalArgumentException("$ref cycle: " + String.join(" -> ", seen) + " -> " + ref);
            }
            String name = defName(ref);
            JsonNode target = root.path("$defs").get(name);
            if (target == null) {
                throw new IllegalArgumentException("$ref \"" + ref + "\" names no entry of $defs");
            }
            current = target;
        }
        return current;
    }

    /**
     * The definition name of a local reference ({@code "#/$defs/line_item"} gives {@code line_item}).
     *
     * @throws IllegalArgumentException for any other reference
     */
    public static String defName(String ref) {
        if (ref == null || !ref.startsWith(DEFS_PREFIX) || ref.length() == DEFS_PREFIX.length()
                || ref.indexOf('/', DEFS_PREFIX.length()) >= 0) {
            throw new IllegalArgumentException(
                    "$ref \"" + ref + "\" is not a local reference of the form #/$defs/<name>");
        }
        return ref.substring(DEFS_PREFIX.length());
    }

    /** The node's {@code type} names, sorted; empty when it has none. */
    public static Set<String> types(JsonNode node) {
        JsonNode type = node.get("type");
        Set<String> types = new TreeSet<>();
        if (type == null) {
            return types;
        }
        if (type.isString()) {
            types.add(type.asString());
        } else {
            type.values().forEach(t -> types.add(t.asString()));
        }
        return types;
    }

    /** The names in the node's {@code required} list, in schema order. */
    public static Set<String> required(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.path("required").values().forEach(n -> names.add(n.asString()));
        return names;
    }

    /** The names in the node's {@code x-reserved} list, in schema order. */
    public static Set<String> reserved(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.path("x-reserved").values().forEach(n -> names.add(n.asString()));
        return names;
    }

    /** The node's property names in schema order; empty when it declares none. */
    public static List<String> propertyNames(JsonNode node) {
        JsonNode properties = node.get("properties");
        return properties == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(properties.propertyNames()));
    }

    /** Escapes one JSON pointer reference token ({@code ~} and {@code /}, RFC 6901). */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
