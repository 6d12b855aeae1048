package dev.eventbus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.schema.EventType;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.Examples;
import dev.eventbus.schema.PayloadValidator;
import dev.eventbus.schema.internal.SchemaNodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The hand-written records and the schemas must not drift apart. */
class RecordsMatchSchemasTest {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final PayloadValidator VALIDATOR = new PayloadValidator(CATALOG);

    static Stream<EventType<?>> eventTypes() {
        return Events.all().stream();
    }

    static Stream<Examples.Example> validExamples() {
        return Examples.valid();
    }

    @Test
    void thereIsOneEventTypePerMajorOfEveryEventAtItsNewestMinor() {
        Set<String> expected = new TreeSet<>();
        for (EventDefinition event : CATALOG.events()) {
            for (int major : event.majors()) {
                expected.add(event.name() + " " + event.newestMinorOf(major).orElseThrow());
            }
        }

        assertThat(Events.all()).extracting(t -> t.name() + " " + t.version())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void recordHasOneComponentPerPropertyOfEveryMinorWithACompatibleType(EventType<?> type) {
        List<String> problems = RecordSchemaDrift.problems(type.payloadType(), schemasOfMajor(type));

        assertThat(problems)
                .as("%s and the schemas of %s %d.x disagree:%n%s", type.payloadType().getSimpleName(), type.name(),
                        type.major(), problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExampleMapsOntoItsRecordAndBackUnchanged(Examples.Example example) {
        EventType<?> type = typeFor(example.event(), example.version());

        Object record = PayloadMapper.MAPPER.treeToValue(example.payload(), type.payloadType());
        JsonNode written = PayloadMapper.MAPPER.readTree(PayloadMapper.MAPPER.writeValueAsString(record));

        assertThat(written).isEqualTo(example.payload());
        assertThat(VALIDATOR.validate(type.name(), type.version(), written)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void missingRequiredPropertiesDoNotMapAndMissingOptionalOnesMapToNull(Examples.Example example) {
        EventType<?> type = typeFor(example.event(), example.version());
        JsonNode newest = CATALOG.schema(type.name(), type.version());
        List<String> problems = new ArrayList<>();

        checkEveryPresentProperty(example.payload(), "", newest, newest, type, example.payload(), problems);

        assertThat(problems).as("%s", String.join("\n", problems)).isEmpty();
    }

    @Test
    void theDriftCheckNoticesAMissingOrSurplusComponentAndAnotherShape() {
        JsonNode v2 = CATALOG.schema("order.completed", EventVersion.parse("2.0"));

        assertThat(RecordSchemaDrift.problems(OrderCompletedV1.class, List.of(v2))).contains(
                "/total_minor: the schema has this property but OrderCompletedV1 has no component with @JsonProperty(\"total_minor\")",
                "/line_items/0/quantity: the schema has this property but LineItem has no component with @JsonProperty(\"quantity\")",
                "/total: OrderCompletedV1 has this component but no minor of the schema has the property",
                "/line_items/0/qty: LineItem has this component but no minor of the schema has the property");
    }

    /** A record that drifted from user.registered 1.0 in three ways. */
    record DriftedUser(
            @JsonProperty(value = "user_id", required = true) String userId,
            @JsonProperty(value = "email", required = true) String email,
            @JsonProperty("name") String name,
            @JsonProperty("locale") String locale,
            @JsonProperty("marketing_opt_in") boolean marketingOptIn,
            @JsonProperty("registered_at") Instant registeredAt) {}

    @Test
    void theDriftCheckNoticesAWrongTypeAPrimitiveOptionalAndAMissingRequiredFlag() {
        JsonNode v1 = CATALOG.schema("user.registered", EventVersion.parse("1.0"));

        assertThat(RecordSchemaDrift.problems(DriftedUser.class, List.of(v1))).containsExactlyInAnyOrder(
                "/user_id: a integer property cannot map onto String",
                "/marketing_opt_in: optional in some minor, so the component needs a nullable (boxed) type, not boolean",
                "/registered_at: required in the schema, so the component needs @JsonProperty(required = true)");
    }

    /**
     * Removes each property present in the example (at any depth) and sets it to null, one at a time:
     * a required one must make mapping fail, an optional one must map to a record that writes it out.
     */
    private static void checkEveryPresentProperty(JsonNode node, String pointer, JsonNode root, JsonNode schema,
            EventType<?> type, JsonNode payload, List<String> problems) {
        JsonNode resolved = SchemaNodes.resolve(root, schema);
        if (node.isArray() && !node.isEmpty()) {
            checkEveryPresentProperty(node.get(0), pointer + "/0", root, resolved.get("items"), type, payload, problems);
        }
        if (!node.isObject()) {
            return;
        }
        Set<String> required = SchemaNodes.required(resolved);
        for (String name : node.propertyNames()) {
            String at = pointer + "/" + name;
            for (boolean asNull : List.of(false, true)) {
                JsonNode mutated = payload.deepCopy();
                ObjectNode parent = (ObjectNode) mutated.at(pointer.isEmpty() ? "" : pointer);
                if (asNull) {
                    parent.putNull(name);
                } else {
                    parent.remove(name);
                }
                String how = asNull ? "set to null" : "removed";
                try {
                    Object record = PayloadMapper.MAPPER.treeToValue(mutated, type.payloadType());
                    if (required.contains(name)) {
                        problems.add(at + " is required, but with it " + how + " the payload still maps onto "
                                + type.payloadType().getSimpleName());
                    } else if (!PayloadMapper.MAPPER.valueToTree(record).at(at).isMissingNode()) {
                        problems.add(at + " is optional, but with it " + how + " the record still writes it");
                    }
                } catch (JacksonException e) {
                    if (!required.contains(name)) {
                        problems.add(at + " is optional, but with it " + how + " the payload no longer maps: "
                                + e.getOriginalMessage());
                    }
                }
            }
            checkEveryPresentProperty(node.get(name), at, root, resolved.get("properties").get(name), type, payload,
                    problems);
        }
    }

    private static List<JsonNode> schemasOfMajor(EventType<?> type) {
        return CATALOG.find(type.name()).orElseThrow().versionsOf(type.major()).stream()
                .map(v -> CATALOG.schema(type.name(), v))
                .toList();
    }

    private static EventType<?> typeFor(String event, EventVersion version) {
        return Events.all().stream()
                .filter(t -> t.name().equals(event) && t.major() == version.major())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no EventType for " + event + " " + version));
    }
}
