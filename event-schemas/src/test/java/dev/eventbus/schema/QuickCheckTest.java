package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.schema.internal.JsonFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The quick check answers "valid" for a payload only when the full validator finds no violation in it.
 * Checked against the full validator on every catalog schema, exact and opened, with every example
 * payload and thousands of variants of the valid ones: each property removed, an undeclared one added,
 * and each value replaced by values near every limit the catalog uses (lengths, patterns, ranges,
 * formats, enums, types).
 */
class QuickCheckTest {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final PayloadValidator VALIDATOR = new PayloadValidator(CATALOG);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Replacement values: every type, and values on both sides of the limits and formats the catalog uses. */
    private static final List<JsonNode> VALUES = values();

    private record Variant(JsonNode payload, String change, JsonNode value) {}

    @Test
    void everyCatalogSchemaHasAQuickCheck() {
        for (EventDefinition event : CATALOG.events()) {
            for (EventVersion version : event.versions()) {
                for (boolean opened : new boolean[] {false, true}) {
                    JsonNode any = NODES.objectNode();
                    assertThat(VALIDATOR.quickAccepts(event.name(), version, opened, any))
                            .as(event.name() + " " + version + (opened ? " opened" : "")).isNotNull();
                }
            }
        }
    }

    @Test
    void acceptsEveryValidExampleItselfSoTheFullValidatorIsNotNeeded() {
        Examples.valid().forEach(example -> {
            assertThat(VALIDATOR.quickAccepts(example.event(), example.version(), false, example.payload())).as(example.toString()).isTrue();
            assertThat(VALIDATOR.quickAccepts(example.event(), example.version(), true, example.payload())).as(example.toString()).isTrue();
        });
    }

    @Test
    void declinesEveryInvalidExample() {
        Examples.invalid().forEach(example ->
                assertThat(VALIDATOR.quickAccepts(example.event(), example.version(), false, example.payload())).as(example.toString()).isFalse());
    }

    @Test
    void neverAcceptsWhatTheFullValidatorRejectsAndDeclinesOnlyWhereTheyCouldDiffer() {
        int checked = 0;
        int bothValid = 0;
        int bothInvalid = 0;
        List<String> wronglyAccepted = new ArrayList<>();
        List<String> declinedValid = new ArrayList<>();
        for (Examples.Example example : Examples.all()) {
            for (EventVersion version : CATALOG.find(example.event()).orElseThrow().versions()) {
                if (version.major() != example.version().major()) {
                    continue;
                }
                for (boolean opened : new boolean[] {false, true}) {
                    for (Variant variant : variants(example.payload())) {
                        boolean quick = VALIDATOR.quickAccepts(example.event(), version, opened, variant.payload());
                        List<Violation> full = VALIDATOR.fullViolations(example.event(), version, opened, variant.payload());
                        String label = example + " against " + version + (opened ? " opened" : "") + ", " + variant.change();
                        if (quick && !full.isEmpty()) {
                            wronglyAccepted.add(label + ": " + full);
                        } else if (!quick && full.isEmpty() && !mayDecline(variant.value())) {
                            declinedValid.add(label);
                        }
                        checked++;
                        bothValid += quick && full.isEmpty() ? 1 : 0;
                        bothInvalid += !quick && !full.isEmpty() ? 1 : 0;
                    }
                }
            }
        }
        assertThat(wronglyAccepted).as("accepted by the quick check, rejected by the full validator").isEmpty();
        assertThat(declinedValid).as("valid payloads the quick check declined where it has no reason to").isEmpty();
        // the variants reach both sides of every check, so the agreement above says something
        assertThat(checked).isGreaterThan(20_000);
        assertThat(bothValid).isGreaterThan(2_000);
        assertThat(bothInvalid).isGreaterThan(10_000);
    }

    @Test
    void compilesNothingOutsideTheSubsetItChecksExactly() {
        for (String schema : List.of(
                "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\", \"multipleOf\": 5}}}",
                "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"string\"}}",
                "{\"type\": \"string\", \"format\": \"uri\"}",
                "{\"type\": \"integer\", \"minimum\": 0.5}",
                "{\"type\": \"array\", \"uniqueItems\": true}",
                "{\"oneOf\": [{\"type\": \"string\"}]}",
                "{\"$ref\": \"#/$defs/missing\"}",
                "{\"$ref\": \"#/$defs/a\", \"minLength\": 1, \"$defs\": {\"a\": {\"type\": \"string\"}}}",
                "{\"properties\": {}}")) {
            assertThat(QuickCheck.compile(JsonFiles.mapper().readTree(schema))).as(schema).isNull();
        }
    }

    @Test
    void followsLocalReferences() {
        QuickCheck check = QuickCheck.compile(JsonFiles.mapper().readTree("""
                {"type": "object", "additionalProperties": false, "required": ["price"],
                 "properties": {"price": {"$ref": "#/$defs/price"}},
                 "$defs": {"price": {"type": "string", "pattern": "^[0-9]+\\\\.[0-9]{2}$"}}}"""));

        assertThat(check.accepts(JsonFiles.mapper().readTree("{\"price\": \"4.20\"}"))).isTrue();
        assertThat(check.accepts(JsonFiles.mapper().readTree("{\"price\": \"4.2\"}"))).isFalse();
        assertThat(check.accepts(JsonFiles.mapper().readTree("{\"price\": 4.2}"))).isFalse();
    }

    /**
     * The values the quick check leaves to the full validator by design: numbers with a fraction (even
     * {@code 1.0}), whole numbers beyond a long, and strings whose UTF-16 length differs from their code
     * point count.
     */
    private static boolean mayDecline(JsonNode value) {
        if (value == null) {
            return false;
        }
        if (value.isNumber()) {
            return !value.isIntegralNumber() || !value.canConvertToLong();
        }
        if (value.isString()) {
            String s = value.stringValue();
            return s.length() != s.codePointCount(0, s.length());
        }
        return false;
    }

    /** The payload itself, then every change at every object in it (nested objects and array items included). */
    private static List<Variant> variants(JsonNode payload) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(payload, "unchanged", null));
        collect(payload, payload, "", variants);
        return variants;
    }

    private static void collect(JsonNode root, JsonNode node, String pointer, List<Variant> out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            for (String name : names) {
                out.add(changed(root, pointer, n -> ((ObjectNode) n).remove(name), "remove " + pointer + "/" + name, null));
                for (JsonNode value : VALUES) {
                    out.add(changed(root, pointer, n -> ((ObjectNode) n).set(name, value.deepCopy()),
                            pointer + "/" + name + " = " + value, value));
                }
                collect(root, node.get(name), pointer + "/" + name, out);
            }
            out.add(changed(root, pointer, n -> ((ObjectNode) n).put("zz_undeclared", 1), "add " + pointer + "/zz_undeclared", null));
        } else if (node.isArray()) {
            out.add(changed(root, pointer, n -> ((ArrayNode) n).removeAll(), "empty " + pointer, null));
            if (!node.isEmpty()) {
                JsonNode first = node.get(0);
                out.add(changed(root, pointer, n -> ((ArrayNode) n).add(first.deepCopy()), "repeat " + pointer + "/0", null));
                out.add(changed(root, pointer, n -> ((ArrayNode) n).add("x"), "append a string to " + pointer, null));
            }
            for (int i = 0; i < node.size(); i++) {
                collect(root, node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static Variant changed(JsonNode root, String pointer, java.util.function.Consumer<JsonNode> change, String label,
            JsonNode value) {
        JsonNode copy = root.deepCopy();
        change.accept(pointer.isEmpty() ? copy : copy.at(pointer));
        return new Variant(copy, label, value);
    }

    private static List<JsonNode> values() {
        List<JsonNode> values = new ArrayList<>();
        for (String s : List.of("", "a", "A", "ab", "ABC", "ABCD", "abcd", "ABCD\n", "ABCD-2026", "BENCH-2026", "EUR", "eur", "EURO",
                "42.00", "42.0", "4200", "-1.00", "1.234", "x".repeat(32), "X".repeat(33), "x".repeat(200), "x".repeat(201),
                "x".repeat(1000), "\uD83D\uDE00", "\uD83D\uDE00".repeat(100), "\uD83D\uDE00".repeat(101), "é", " ",
                "2026-11-23T10:15:30Z", "2026-11-23T10:15:30.123456789Z", "2026-11-23T10:15:30+05:30", "2026-11-23T10:15:30",
                "2026-11-23 10:15:30Z", "2026-02-30T10:15:30Z", "2026-11-23", "2026-11-23T24:00:00Z",
                "alice@example.com", "bob+tag@example.co.uk", "not an address", "a@b", "@example.com", "alice@", "alice@@example.com",
                "alice@exa mple.com", "ALICE@EXAMPLE.COM", "card", "CARD", "upi", "paid", "PAID", "monthly", "yearly", "card_declined",
                "insufficient_funds", "fraud_suspected", "unknown_value", "user_request", "email", "google", "referral", "A-1",
                "01J0000000000000000000000")) {
            values.add(NODES.stringNode(s));
        }
        for (long n : new long[] {0, 1, -1, 2, 3, 7, 99, 100, 101, 200, 1000, 4200, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
            values.add(NODES.numberNode(n));
        }
        values.add(NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
        values.add(NODES.numberNode(1.0));
        values.add(NODES.numberNode(1.5));
        values.add(NODES.numberNode(100.0));
        values.add(NODES.numberNode(new java.math.BigDecimal("42.00")));
        values.add(NODES.booleanNode(true));
        values.add(NODES.booleanNode(false));
        values.add(NODES.nullNode());
        values.add(NODES.objectNode());
        values.add(NODES.arrayNode());
        values.add(NODES.arrayNode().add(1));
        values.add(NODES.arrayNode().add("x"));
        values.add(JsonFiles.mapper().readTree("{\"sku\": \"A-1\", \"qty\": 2}"));
        values.add(JsonFiles.mapper().readTree("{\"amount\": \"4.20\", \"currency\": \"EUR\"}"));
        values.add(JsonFiles.mapper().readTree("[{\"sku\": \"A-1\", \"qty\": 2}]"));
        return List.copyOf(values);
    }
}
