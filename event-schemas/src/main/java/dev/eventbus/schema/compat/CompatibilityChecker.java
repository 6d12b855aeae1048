package dev.eventbus.schema.compat;

import dev.eventbus.schema.internal.SchemaNodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares two schema documents of the same event and major, older first, and classifies every
 * difference by {@link Rule}. It understands the restricted subset the catalog's lint enforces:
 * local {@code $ref}s are followed, so a change inside {@code $defs} is reported at every place that
 * uses it (rule B9 of the research note falls out as B3/B4/... at each use); nested objects and array
 * items are compared recursively. Stateless and thread-safe.
 */
public final class CompatibilityChecker {

    private static final List<String> DOCS = List.of("title", "description", "examples", "deprecated", "$comment");
    private static final List<String> MINIMUMS = List.of("minimum", "exclusiveMinimum", "minLength", "minItems");
    private static final List<String> MAXIMUMS = List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems");
    private static final List<String> OTHER_CONSTRAINTS = List.of("format", "pattern", "multipleOf", "uniqueItems", "const");
    private static final Set<String> UNDERSTOOD = Set.of(
            "title", "description", "examples", "deprecated", "$comment",
            "minimum", "exclusiveMinimum", "minLength", "minItems", "maximum", "exclusiveMaximum", "maxLength", "maxItems",
            "format", "pattern", "multipleOf", "uniqueItems", "const",
            "type", "properties", "required", "additionalProperties", "items", "enum", "x-enum", "x-reserved", "$ref",
            "$defs", "$schema", "$id", "x-event", "x-version");

    /**
     * Every difference between {@code older} and {@code newer}, in document order; empty when they are
     * identical apart from {@code $id}, {@code x-version} and the document's {@code title}, which name
     * the version and so always differ.
     */
    public List<Change> compare(JsonNode older, JsonNode newer) {
        Comparison comparison = new Comparison(older, newer);
        comparison.root();
        return List.copyOf(comparison.changes);
    }

    /** One comparison's state: the two documents, for resolving references, and what was found. */
    private static final class Comparison {
        private final JsonNode oldRoot;
        private final JsonNode newRoot;
        private final List<Change> changes = new ArrayList<>();
        private final Set<String> refsInProgress = new HashSet<>();

        Comparison(JsonNode oldRoot, JsonNode newRoot) {
            this.oldRoot = oldRoot;
            this.newRoot = newRoot;
        }

        void root() {
            identity("/x-event", "event name", text(oldRoot.get("x-event")), text(newRoot.get("x-event")));
            identity("/$schema", "schema dialect", text(oldRoot.get("$schema")), text(newRoot.get("$schema")));
            identity("/$id", "schema id base", idBase(text(oldRoot.get("$id"))), idBase(text(newRoot.get("$id"))));
            node("", "", withoutTitle(oldRoot), withoutTitle(newRoot));
        }

        private static JsonNode withoutTitle(JsonNode root) {
            return root.isObject() ? ((ObjectNode) root.deepCopy()).without("title") : root;
        }

        private void identity(String pointer, String what, String older, String newer) {
            if (!Objects.equals(older, newer)) {
                add(pointer, Rule.B12, what + " changed from " + older + " to " + newer
                        + ": that is a different event, not a new version of this one");
            }
        }

        /** {@code https://schemas.eventbus.dev/events/order.completed/}: the $id without the version's file name. */
        private static String idBase(String id) {
            return id == null ? null : id.substring(0, id.lastIndexOf('/') + 1);
        }

        private static String text(JsonNode node) {
            return node == null ? null : node.isString() ? node.asString() : node.toString();
        }

        private void node(String pointer, String field, JsonNode older, JsonNode newer) {
            docs(pointer, field, older, newer);
            JsonNode oldResolved = SchemaNodes.resolve(oldRoot, older);
            JsonNode newResolved = SchemaNodes.resolve(newRoot, newer);
            String refPair = older.path("$ref").asString("") + "|" + newer.path("$ref").asString("");
            boolean followsRefs = oldResolved != older || newResolved != newer;
            if (followsRefs && !refsInProgress.add(refPair)) {
                return;
            }
            try {
                if (followsRefs) {
                    docs(pointer, field, oldResolved, newResolved);
                }
                structure(pointer, field, oldResolved, newResolved);
            } finally {
                if (followsRefs) {
                    refsInProgress.remove(refPair);
                }
            }
        }

        private void structure(String pointer, String field, JsonNode older, JsonNode newer) {
            Set<String> oldTypes = SchemaNodes.types(older);
            Set<String> newTypes = SchemaNodes.types(newer);
            if (!oldTypes.equals(newTypes)) {
                add(pointer, Rule.B3, name(field) + ": type changed from " + typeWords(oldTypes) + " to "
                        + typeWords(newTypes));
                return;
            }
            enums(pointer, field, older, newer);
            constraints(pointer, field, older, newer);
            unknownKeywords(pointer, field, older, newer);
            if (newTypes.contains("object")) {
                object(pointer, field, older, newer);
            }
            if (newTypes.contains("array")) {
                JsonNode oldItems = older.get("items");
                JsonNode newItems = newer.get("items");
                if (oldItems != null && newItems != null) {
                    node(pointer + "/items", field + "[]", oldItems, newItems);
                } else if (oldItems != null || newItems != null) {
                    add(pointer + "/items", Rule.B3, name(field) + ": the item schema was "
                            + (oldItems == null ? "added" : "removed"));
                }
            }
        }

        private void object(String pointer, String field, JsonNode older, JsonNode newer) {
            boolean oldClosed = isClosed(older);
            boolean newClosed = isClosed(newer);
            if (oldClosed != newClosed) {
                add(pointer + "/additionalProperties", Rule.B8, name(field) + (oldClosed
                        ? ": opened to undeclared properties (additionalProperties is no longer false)"
                        : ": closed against undeclared properties (additionalProperties became false)"));
            }
            Set<String> oldRequired = SchemaNodes.required(older);
            Set<String> newRequired = SchemaNodes.required(newer);
            Set<String> oldReserved = SchemaNodes.reserved(older);
            Set<String> newReserved = SchemaNodes.reserved(newer);
            for (String name : oldReserved) {
                if (!newReserved.contains(name)) {
                    add(pointer + "/x-reserved", Rule.B7, child(field, name)
                            + ": taken out of x-reserved; a removed name must never come back within the major");
                }
            }
            Set<String> names = new LinkedHashSet<>(SchemaNodes.propertyNames(older));
            names.addAll(SchemaNodes.propertyNames(newer));
            for (String name : names) {
                String at = pointer + "/properties/" + SchemaNodes.escape(name);
                String property = child(field, name);
                JsonNode oldProperty = older.path("properties").get(name);
                JsonNode newProperty = newer.path("properties").get(name);
                if (oldProperty != null && newProperty != null) {
                    boolean wasRequired = oldRequired.contains(name);
                    if (wasRequired != newRequired.contains(name)) {
                        add(at, Rule.B2, property + (wasRequired
                                ? ": changed from required to optional; consumers of earlier minors expect it"
                                : ": changed from optional to required; data from earlier minors may lack it"));
                    }
                    node(at, property, oldProperty, newProperty);
                } else if (oldProperty != null) {
                    if (oldRequired.contains(name)) {
                        add(at, Rule.B1, property + ": required property removed (a rename is a removal plus an addition)");
                    } else if (newReserved.contains(name)) {
                        add(at, Rule.M2, property + ": optional property removed; its name is reserved");
                    } else {
                        add(at, Rule.B7, property + ": optional property removed without reserving its name;"
                                + " add it to x-reserved so it can never come back with another meaning");
                    }
                } else if (oldReserved.contains(name)) {
                    add(at, Rule.B7, property + ": added under a reserved name (x-reserved); a removed name never comes back");
                } else if (newRequired.contains(name)) {
                    add(at, Rule.B2, property + ": added as required; data from earlier minors lacks it");
                } else {
                    add(at, Rule.M1, property + ": optional property added");
                }
            }
        }

        private void enums(String pointer, String field, JsonNode older, JsonNode newer) {
            JsonNode oldValues = older.get("enum");
            JsonNode newValues = newer.get("enum");
            String oldTag = older.path("x-enum").asString("");
            String newTag = newer.path("x-enum").asString("");
            if (oldValues == null && newValues == null) {
                return;
            }
            if (oldValues == null) {
                add(pointer + "/enum", Rule.B5, name(field) + ": now restricted to the values " + newValues);
                return;
            }
            if (newValues == null) {
                add(pointer + "/enum", Rule.B5, name(field) + ": no longer restricted to the values " + oldValues);
                return;
            }
            if (!oldTag.equals(newTag)) {
                add(pointer + "/x-enum", Rule.B6, name(field) + ": enum changed from x-enum " + oldTag + " to " + newTag);
            }
            Set<JsonNode> removed = new LinkedHashSet<>(oldValues.values());
            removed.removeAll(new HashSet<>(newValues.values()));
            Set<JsonNode> added = new LinkedHashSet<>(newValues.values());
            added.removeAll(new HashSet<>(oldValues.values()));
            if (!removed.isEmpty()) {
                add(pointer + "/enum", Rule.B5, name(field) + ": enum values removed or renamed: " + removed);
            }
            if (!added.isEmpty()) {
                if ("open".equals(newTag) && "open".equals(oldTag)) {
                    add(pointer + "/enum", Rule.M4, name(field) + ": values added to an open enum: " + added);
                } else {
                    add(pointer + "/enum", Rule.B6, name(field) + ": values added to a closed enum: " + added
                            + "; consumers may switch over it exhaustively");
                }
            }
        }

        private void constraints(String pointer, String field, JsonNode older, JsonNode newer) {
            for (String keyword : MINIMUMS) {
                bound(pointer, field, keyword, older.get(keyword), newer.get(keyword), true);
            }
            for (String keyword : MAXIMUMS) {
                bound(pointer, field, keyword, older.get(keyword), newer.get(keyword), false);
            }
            for (String keyword : OTHER_CONSTRAINTS) {
                JsonNode oldValue = older.get(keyword);
                JsonNode newValue = newer.get(keyword);
                if (!Objects.equals(oldValue, newValue)) {
                    add(pointer + "/" + keyword, Rule.B4, name(field) + ": " + keyword + " " + transition(oldValue, newValue));
                }
            }
        }

        private void bound(String pointer, String field, String keyword, JsonNode older, JsonNode newer, boolean lower) {
            if (Objects.equals(older, newer)) {
                return;
            }
            String how;
            if (older == null || newer == null) {
                how = transition(older, newer);
            } else {
                int direction = newer.asDecimal().compareTo(older.asDecimal());
                boolean tighter = lower ? direction > 0 : direction < 0;
                how = (tighter ? "tightened" : "relaxed") + " from " + older + " to " + newer;
            }
            add(pointer + "/" + keyword, Rule.B4, name(field) + ": " + keyword + " " + how);
        }

        private void unknownKeywords(String pointer, String field, JsonNode older, JsonNode newer) {
            Set<String> keywords = new LinkedHashSet<>(older.propertyNames());
            keywords.addAll(newer.propertyNames());
            for (String keyword : keywords) {
                if (!UNDERSTOOD.contains(keyword) && !Objects.equals(older.get(keyword), newer.get(keyword))) {
                    add(pointer + "/" + SchemaNodes.escape(keyword), Rule.B4, name(field) + ": keyword " + keyword
                            + " " + transition(older.get(keyword), newer.get(keyword))
                            + "; the checker does not understand it, so it counts as breaking");
                }
            }
        }

        private void docs(String pointer, String field, JsonNode older, JsonNode newer) {
            for (String keyword : DOCS) {
                JsonNode oldValue = older.get(keyword);
                JsonNode newValue = newer.get(keyword);
                if (!Objects.equals(oldValue, newValue)) {
                    add(pointer + "/" + keyword, Rule.M3, name(field) + ": " + keyword + " "
                            + (oldValue == null ? "added" : newValue == null ? "removed" : "changed"));
                }
            }
        }

        private void add(String pointer, Rule rule, String description) {
            changes.add(new Change(pointer, rule, description));
        }

        private static boolean isClosed(JsonNode node) {
            JsonNode additional = node.get("additionalProperties");
            return additional != null && additional.isBoolean() && !additional.asBoolean();
        }

        private static String transition(JsonNode older, JsonNode newer) {
            if (older == null) {
                return "added (" + newer + ")";
            }
            if (newer == null) {
                return "removed (was " + older + ")";
            }
            return "changed from " + older + " to " + newer;
        }

        private static String typeWords(Set<String> types) {
            return types.isEmpty() ? "(none)" : String.join(" or ", types);
        }

        private static String child(String field, String name) {
            return field.isEmpty() ? name : field + "." + name;
        }

        private static String name(String field) {
            return field.isEmpty() ? "the payload" : field;
        }
    }
}
