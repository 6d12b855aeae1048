package dev.eventbus.schema.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.eventbus.schema.internal.JsonFiles;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class CompatibilityCheckerTest {

    private static final JsonNode OLDER = JsonFiles.parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://schemas.eventbus.dev/events/order.completed/1.0.json",
              "x-event": "order.completed",
              "x-version": "1.0",
              "title": "order.completed 1.0",
              "description": "An order completed.",
              "type": "object",
              "additionalProperties": false,
              "required": ["order_id", "total", "line_items"],
              "x-reserved": ["coupon"],
              "properties": {
                "order_id": {"type": "integer", "minimum": 1, "description": "Order id."},
                "total": {"type": "string", "pattern": "^[0-9]+\\\\.[0-9]{2}$", "description": "Total."},
                "note": {"type": "string", "maxLength": 200, "description": "Optional note."},
                "channel": {"type": "string", "enum": ["web", "app"], "x-enum": "open", "description": "Where."},
                "interval": {"type": "string", "enum": ["month", "year"], "x-enum": "closed", "description": "How often."},
                "line_items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/line_item"}, "description": "Items."},
                "gift": {"$ref": "#/$defs/line_item", "description": "A free item."}
              },
              "$defs": {
                "line_item": {
                  "type": "object", "additionalProperties": false, "required": ["sku", "qty"], "description": "Item.",
                  "properties": {
                    "sku": {"type": "string", "description": "SKU."},
                    "qty": {"type": "integer", "minimum": 1, "description": "Quantity."}
                  }
                }
              }
            }""", "base schema");

    private static final String QTY = "/properties/line_items/items/properties/qty";
    private static final String GIFT_QTY = "/properties/gift/properties/qty";

    private final CompatibilityChecker checker = new CompatibilityChecker();

    static Stream<Arguments> ruleCases() {
        return Stream.of(
                rule("an optional property added (M1)", false,
                        s -> props(s).putObject("gift_wrap").put("type", "boolean").put("description", "Wrap it."),
                        tuple(Rule.M1, "/properties/gift_wrap")),
                rule("an optional property added inside a shared $defs object (M1 at every use)", false,
                        s -> props(def(s)).putObject("name").put("type", "string").put("description", "Name."),
                        tuple(Rule.M1, "/properties/line_items/items/properties/name"),
                        tuple(Rule.M1, "/properties/gift/properties/name")),
                rule("a property added under a reserved name (B7)", true,
                        s -> props(s).putObject("coupon").put("type", "string").put("description", "Coupon."),
                        tuple(Rule.B7, "/properties/coupon")),
                rule("a property added as required (B2)", true,
                        s -> {
                            props(s).putObject("user_id").put("type", "integer").put("description", "User.");
                            ((ArrayNode) s.get("required")).add("user_id");
                        },
                        tuple(Rule.B2, "/properties/user_id")),
                rule("an optional property removed and its name reserved (M2)", false,
                        s -> {
                            props(s).remove("note");
                            ((ArrayNode) s.get("x-reserved")).add("note");
                        },
                        tuple(Rule.M2, "/properties/note")),
                rule("an optional property removed without reserving its name (B7)", true,
                        s -> props(s).remove("note"),
                        tuple(Rule.B7, "/properties/note")),
                rule("a required property removed (B1)", true,
                        s -> {
                            props(s).remove("total");
                            s.set("required", JsonFiles.parse("[\"order_id\", \"line_items\"]", "required"));
                        },
                        tuple(Rule.B1, "/properties/total")),
                rule("an optional property made required (B2)", true,
                        s -> ((ArrayNode) s.get("required")).add("note"),
                        tuple(Rule.B2, "/properties/note")),
                rule("a required property made optional (B2)", true,
                        s -> s.set("required", JsonFiles.parse("[\"order_id\", \"line_items\"]", "required")),
                        tuple(Rule.B2, "/properties/total")),
                rule("a nested type change inside $defs (B3 at every use)", true,
                        s -> prop(def(s), "qty").put("type", "string"),
                        tuple(Rule.B3, QTY), tuple(Rule.B3, GIFT_QTY)),
                rule("a widening from integer to number (B3)", true,
                        s -> prop(s, "order_id").put("type", "number"),
                        tuple(Rule.B3, "/properties/order_id")),
                rule("a scalar turned into an array (B3)", true,
                        s -> {
                            ObjectNode note = prop(s, "note");
                            note.remove("maxLength");
                            note.put("type", "array").putObject("items").put("type", "string");
                        },
                        tuple(Rule.B3, "/properties/note")),
                rule("a property made nullable (B3)", true,
                        s -> prop(s, "note").putArray("type").add("string").add("null"),
                        tuple(Rule.B3, "/properties/note")),
                rule("a maximum length tightened (B4)", true,
                        s -> prop(s, "note").put("maxLength", 100),
                        tuple(Rule.B4, "/properties/note/maxLength")),
                rule("a minimum relaxed (B4: consumers validating with the old schema reject new data)", true,
                        s -> prop(def(s), "qty").put("minimum", 0),
                        tuple(Rule.B4, QTY + "/minimum"), tuple(Rule.B4, GIFT_QTY + "/minimum")),
                rule("a format added (B4)", true,
                        s -> prop(s, "note").put("format", "email"),
                        tuple(Rule.B4, "/properties/note/format")),
                rule("a pattern changed (B4)", true,
                        s -> prop(s, "total").put("pattern", "^[0-9]+(\\.[0-9]{1,4})?$"),
                        tuple(Rule.B4, "/properties/total/pattern")),
                rule("a value removed from an open enum (B5)", true,
                        s -> prop(s, "channel").putArray("enum").add("web"),
                        tuple(Rule.B5, "/properties/channel/enum")),
                rule("an enum restriction added to a free string (B5)", true,
                        s -> prop(s, "note").putArray("enum").add("fragile"),
                        tuple(Rule.B5, "/properties/note/enum")),
                rule("a value added to an open enum (M4)", false,
                        s -> ((ArrayNode) prop(s, "channel").get("enum")).add("kiosk"),
                        tuple(Rule.M4, "/properties/channel/enum")),
                rule("a value added to a closed enum (B6)", true,
                        s -> ((ArrayNode) prop(s, "interval").get("enum")).add("week"),
                        tuple(Rule.B6, "/properties/interval/enum")),
                rule("an open enum declared closed (B6)", true,
                        s -> prop(s, "channel").put("x-enum", "closed"),
                        tuple(Rule.B6, "/properties/channel/x-enum")),
                rule("a closed object opened (B8)", true,
                        s -> s.put("additionalProperties", true),
                        tuple(Rule.B8, "/additionalProperties")),
                rule("a name taken out of x-reserved (B7)", true,
                        s -> s.putArray("x-reserved"),
                        tuple(Rule.B7, "/x-reserved")),
                rule("documentation reworded (M3)", false,
                        s -> {
                            s.put("description", "An order was paid.");
                            prop(s, "total").put("description", "Amount paid.");
                            def(s).put("description", "One product.");
                        },
                        tuple(Rule.M3, "/description"), tuple(Rule.M3, "/properties/total/description"),
                        tuple(Rule.M3, "/properties/line_items/items/description"),
                        tuple(Rule.M3, "/properties/gift/description")),
                rule("a different event name (B12)", true,
                        s -> s.put("x-event", "order.finished"),
                        tuple(Rule.B12, "/x-event")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleCases")
    void classifiesTheChangeByTheRulesOfASchemaMinor(String what, boolean breaking, Consumer<ObjectNode> edit,
            Tuple[] expected) {
        List<Change> changes = checker.compare(OLDER, newer(edit));

        assertThat(changes).extracting(Change::rule, Change::pointer).containsExactlyInAnyOrder(expected);
        assertThat(changes).allMatch(change -> change.breaking() == breaking);
    }

    @Test
    void identicalSchemasOfTwoMinorsHaveNoChangesEvenThoughTheirIdAndVersionDiffer() {
        assertThat(checker.compare(OLDER, newer(s -> {}))).isEmpty();
    }

    @Test
    void describesEachChangeByItsPayloadFieldInPlainWords() {
        List<Change> changes = checker.compare(OLDER, newer(s -> {
            prop(def(s), "qty").put("type", "string");
            prop(s, "note").put("maxLength", 100);
            props(s).remove("total");
        }));

        assertThat(changes).extracting(Change::description).contains(
                "line_items[].qty: type changed from integer to string",
                "gift.qty: type changed from integer to string",
                "note: maxLength tightened from 200 to 100",
                "total: required property removed (a rename is a removal plus an addition)");
    }

    @Test
    void aChangeSaysWhereWhichRuleAndWhetherItBreaks() {
        Change change = new Change(QTY, Rule.B3, "line_items[].qty: type changed from integer to string");

        assertThat(change.breaking()).isTrue();
        assertThat(change).hasToString(QTY + " [B3, breaking] line_items[].qty: type changed from integer to string");
        assertThat(new Change("/properties/x", Rule.M1, "x: optional property added").breaking()).isFalse();
    }

    private static Arguments rule(String what, boolean breaking, Consumer<ObjectNode> edit, Tuple... expected) {
        return Arguments.of(what, breaking, edit, expected);
    }

    private static JsonNode newer(Consumer<ObjectNode> edit) {
        ObjectNode newer = (ObjectNode) OLDER.deepCopy();
        newer.put("$id", "https://schemas.eventbus.dev/events/order.completed/1.1.json");
        newer.put("x-version", "1.1");
        edit.accept(newer);
        return newer;
    }

    private static ObjectNode props(ObjectNode schema) {
        return (ObjectNode) schema.get("properties");
    }

    private static ObjectNode prop(ObjectNode schema, String name) {
        return (ObjectNode) props(schema).get(name);
    }

    private static ObjectNode def(ObjectNode schema) {
        return (ObjectNode) schema.get("$defs").get("line_item");
    }
}
