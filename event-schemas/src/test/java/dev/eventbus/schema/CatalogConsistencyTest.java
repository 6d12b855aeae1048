package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** Loading refuses a catalog whose files disagree or leave the restricted subset, naming the file. */
class CatalogConsistencyTest {

    @TempDir
    Path dir;

    @Test
    void theUntouchedCopyLoads() {
        assertThat(CatalogFixture.copyOfProjectCatalog(dir).load().events()).hasSize(8);
    }

    static Stream<Arguments> brokenCatalogs() {
        return Stream.of(
                broken("a current version without a schema file",
                        f -> f.editCatalog(c -> event(c, "user.registered").put("current_version", "1.1")),
                        "catalog.json: user.registered: current version 1.1 has no schema; versions with a schema are [1.0]"),
                broken("x-version disagreeing with the file name",
                        f -> f.editSchema("order.completed", "1.1", s -> s.put("x-version", "1.2")),
                        "order.completed/1.1.json /x-version: must be \"1.1\" to agree with the file's path, but is \"1.2\" (L1)"),
                broken("an $id pointing at another version",
                        f -> f.editSchema("charge.succeeded", "1.0",
                                s -> s.put("$id", "https://schemas.eventbus.dev/events/charge.succeeded/2.0.json")),
                        "charge.succeeded/1.0.json /$id: must be \"https://schemas.eventbus.dev/events/charge.succeeded/1.0.json\""),
                broken("an event without subscribers",
                        f -> f.editCatalog(c -> event(c, "user.registered").putArray("subscribers")),
                        "user.registered has no subscribers"),
                broken("a queue with two subscribers",
                        f -> f.editCatalog(c -> event(c, "scholarship.won").putArray("subscribers").add("monolith").add("analytics")),
                        "which exactly one consumer reads, but lists 2 subscribers"),
                broken("a destination that is neither topic nor queue",
                        f -> f.editCatalog(c -> event(c, "user.registered").putObject("destination").put("lambda", "x")),
                        "user.registered: destination is \"topic\" or \"queue\", not \"lambda\""),
                broken("an unknown key in an event's entry",
                        f -> f.editCatalog(c -> event(c, "user.registered").put("retention", "14d")),
                        "user.registered: unknown key \"retention\""),
                broken("schemas of an event the catalog does not declare",
                        f -> f.write("eventbus/schemas/refund.issued/1.0.json",
                                        f.schemaText("user.registered", "1.0").replace("user.registered", "refund.issued")),
                        "refund.issued/1.0.json: event \"refund.issued\" has schemas but",
                        "does not declare it"),
                broken("a gap between minors",
                        f -> f.delete("eventbus/schemas/order.completed/1.1.json"),
                        "order.completed: has 1.2 but no 1.1; the minors of a major start at 0 and have no gaps"),
                broken("a file name that is not a version",
                        f -> f.write("eventbus/schemas/user.registered/latest.json", "{}"),
                        "user.registered/latest.json: schema files are named <major>.<minor>.json"),
                broken("a schema file that is not JSON",
                        f -> f.write("eventbus/schemas/user.registered/1.0.json", "{\"type\": \"object\","),
                        "user.registered/1.0.json is not valid JSON"),
                broken("oneOf",
                        f -> f.editSchema("user.registered", "1.0", s -> prop(s, "name").putArray("oneOf")),
                        "user.registered/1.0.json /properties/name/oneOf: oneOf (unions) is outside the restricted subset"),
                broken("an object open to undeclared properties",
                        f -> f.editSchema("order.completed", "1.2",
                                s -> ((ObjectNode) s.get("$defs").get("line_item")).put("additionalProperties", true)),
                        "order.completed/1.2.json /$defs/line_item/additionalProperties: every object is closed", "(L2)"),
                broken("a property without a description",
                        f -> f.editSchema("charge.reversed", "1.0", s -> prop(s, "reason").remove("description")),
                        "charge.reversed/1.0.json /properties/reason: every property needs a description (L4)"),
                broken("money as a JSON number",
                        f -> f.editSchema("order.completed", "1.1", s -> prop(s, "total_cents").put("type", "number")),
                        "order.completed/1.1.json /properties/total_cents/type: type number is not allowed", "(L4)"),
                broken("a timestamp that is not a date-time",
                        f -> f.editSchema("user.registered", "1.0", s -> prop(s, "registered_at").remove("format")),
                        "user.registered/1.0.json /properties/registered_at: a *_at property is a timestamp", "(L4)"),
                broken("an enum without x-enum",
                        f -> f.editSchema("subscription.changed", "1.0", s -> prop(s, "change").remove("x-enum")),
                        "subscription.changed/1.0.json /properties/change/x-enum: every enum is tagged", "(L5)"),
                broken("a reserved name still in use",
                        f -> f.editSchema("user.registered", "1.0", s -> s.putArray("x-reserved").add("locale")),
                        "user.registered/1.0.json /properties/locale: \"locale\" is reserved (x-reserved)", "(L6)"),
                broken("a remote $ref",
                        f -> f.editSchema("order.completed", "1.0", s -> ((ObjectNode) prop(s, "line_items").get("items"))
                                .put("$ref", "https://example.com/line_item.json")),
                        "order.completed/1.0.json /properties/line_items/items/$ref:", "remote references are not allowed (L3)"),
                broken("a business key the schema does not define",
                        f -> f.editCatalog(c -> event(c, "order.completed").put("business_key", "/order_number")),
                        "order.completed/1.0.json: business_key /order_number of order.completed names a property the schema does not define",
                        "order.completed/2.0.json: business_key /order_number"),
                broken("a business key some messages lack",
                        f -> f.editCatalog(c -> event(c, "user.registered").put("business_key", "/locale")),
                        "user.registered/1.0.json: business_key /locale of user.registered names a property the schema does not require"),
                broken("a business key that is not a string or an integer",
                        f -> f.editCatalog(c -> event(c, "order.completed").put("business_key", "/line_items")),
                        "business_key /line_items of order.completed must be a string or an integer, but the schema says [array]"),
                broken("a business key that is not a pointer",
                        f -> f.editCatalog(c -> event(c, "order.completed").put("business_key", "order_id")),
                        "order.completed: business key \"order_id\" must be a JSON pointer to a payload property"),
                broken("a keyword the checker does not understand",
                        f -> f.editSchema("user.registered", "1.0", s -> prop(s, "email").put("contentEncoding", "base64")),
                        "user.registered/1.0.json /properties/email/contentEncoding: unknown keyword \"contentEncoding\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCatalogs")
    void refusesACatalogWithAndNamesTheFile(String what, Consumer<CatalogFixture> breakIt, String[] expected) {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir);
        breakIt.accept(fixture);

        assertThatThrownBy(fixture::load)
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("the event catalog is inconsistent")
                .hasMessageContainingAll(expected);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .editSchema("charge.reversed", "1.0", s -> prop(s, "reason").remove("description"))
                .editSchema("scholarship.won", "1.0", s -> s.put("x-event", "scholarship.lost"));

        assertThatThrownBy(fixture::load)
                .hasMessageStartingWith("the event catalog is inconsistent (2 problems)")
                .hasMessageContaining("charge.reversed/1.0.json")
                .hasMessageContaining("scholarship.won/1.0.json /x-event");
    }

    private static Arguments broken(String what, Consumer<CatalogFixture> breakIt, String... expected) {
        return Arguments.of(what, breakIt, expected);
    }

    private static ObjectNode event(ObjectNode catalog, String name) {
        return (ObjectNode) catalog.get("events").get(name);
    }

    private static ObjectNode prop(ObjectNode schema, String name) {
        return (ObjectNode) schema.get("properties").get(name);
    }
}
