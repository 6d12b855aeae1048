package dev.eventbus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.Examples;
import dev.eventbus.schema.PayloadValidator;
import dev.eventbus.schema.UpcastException;
import dev.eventbus.schema.Upcaster;
import dev.eventbus.schema.internal.JsonFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class UpcastersTest {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final PayloadValidator VALIDATOR = new PayloadValidator(CATALOG);
    private static final EventVersion V2_0 = EventVersion.parse("2.0");
    private static final Upcaster ORDER_1_TO_2 = Upcasters.all().stream()
            .filter(u -> u.event().equals("order.completed") && u.fromMajor() == 1)
            .findFirst()
            .orElseThrow();

    static Stream<Examples.Example> validOrderCompleted1x() {
        return Examples.valid().filter(e -> e.event().equals("order.completed") && e.version().major() == 1);
    }

    @Test
    void everyMajorAfterTheFirstHasAnUpcasterFromThePreviousOne() {
        for (EventDefinition event : CATALOG.events()) {
            for (int major : event.majors()) {
                if (major > event.majors().get(0)) {
                    assertThat(Upcasters.all())
                            .as("upcaster for %s %d -> %d (rule B11)", event.name(), major - 1, major)
                            .anyMatch(u -> u.event().equals(event.name()) && u.fromMajor() == major - 1);
                }
            }
        }
    }

    @Test
    void everyUpcasterConvertsBetweenMajorsTheCatalogHas() {
        for (Upcaster upcaster : Upcasters.all()) {
            EventDefinition event = CATALOG.find(upcaster.event()).orElseThrow();
            assertThat(event.majors()).contains(upcaster.fromMajor(), upcaster.fromMajor() + 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validOrderCompleted1x")
    void upcastOfEveryValid1xExampleIsValid2_0AndMapsOntoTheV2Record(Examples.Example example) {
        JsonNode upcast = ORDER_1_TO_2.upcast(example.payload());

        assertThat(VALIDATOR.validate("order.completed", V2_0, upcast)).isEmpty();
        assertThat(PayloadMapper.MAPPER.treeToValue(upcast, OrderCompletedV2.class).orderId())
                .isEqualTo(example.payload().get("order_id").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validOrderCompleted1x")
    void upcastingLeavesItsInputAloneAndAlwaysGivesTheSameResult(Examples.Example example) {
        JsonNode input = example.payload().deepCopy();

        JsonNode first = ORDER_1_TO_2.upcast(input);
        JsonNode second = ORDER_1_TO_2.upcast(input);

        assertThat(input).isEqualTo(example.payload());
        assertThat(second).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void convertsTheDecimalTotalWithTheCurrencysMinorUnits() {
        assertThat(totalMinor("19.90", "EUR")).isEqualTo(1990);
        assertThat(totalMinor("19.9", "EUR")).isEqualTo(1990);
        assertThat(totalMinor("1500", "JPY")).isEqualTo(1500);
        assertThat(totalMinor("12.250", "KWD")).isEqualTo(12250);
        assertThat(totalMinor("0", "USD")).isEqualTo(0);
    }

    @Test
    void prefersTotalCentsWhenAPublisherSentThem() {
        ObjectNode order = order("19.9049", "EUR");
        order.put("total_cents", 1990);

        assertThat(ORDER_1_TO_2.upcast(order).get("total_minor").asLong()).isEqualTo(1990);
    }

    @Test
    void renamesQtyToQuantityAndKeepsWhatBothMajorsShare() {
        JsonNode upcast = ORDER_1_TO_2.upcast(JsonFiles.parse("""
                {"order_id": 1004, "user_id": 7, "user_email": "alice@example.com", "total": "42.00", "currency": "EUR",
                 "line_items": [{"sku": "A-1", "qty": 2, "name": "Blue mug"}, {"sku": "D-9", "qty": 1}],
                 "completed_at": "2026-11-23T10:15:30Z"}""", "order"));

        // Compared as parsed JSON text: a long written as 4200 reads back as an int node.
        assertThat(JsonFiles.parse(upcast.toString(), "upcast")).isEqualTo(JsonFiles.parse("""
                {"order_id": 1004, "user_id": 7, "user_email": "alice@example.com", "total_minor": 4200, "currency": "EUR",
                 "line_items": [{"sku": "A-1", "quantity": 2, "name": "Blue mug"}, {"sku": "D-9", "quantity": 1}],
                 "completed_at": "2026-11-23T10:15:30Z"}""", "expected"));
    }

    @Test
    void dropsPropertiesOfNewer1xMinorsThat2_0DoesNotHave() {
        ObjectNode order = order("5.00", "EUR");
        order.put("gift_wrap", true);
        ((ObjectNode) order.get("line_items").get(0)).put("colour", "blue");

        JsonNode upcast = ORDER_1_TO_2.upcast(order);

        assertThat(upcast.has("gift_wrap")).isFalse();
        assertThat(VALIDATOR.validate("order.completed", V2_0, upcast)).isEmpty();
    }

    @Test
    void refusesATotalWithMoreDecimalsThanItsCurrencyHas() {
        assertThatThrownBy(() -> ORDER_1_TO_2.upcast(order("19.905", "EUR")))
                .isInstanceOf(UpcastException.class)
                .hasMessage("cannot upcast order.completed 1.x to 2.0: /total has more decimals than EUR's 2,"
                        + " so it has no exact value in minor units");
    }

    @Test
    void refusesACurrencyWithoutKnownMinorUnitsWhenThereAreNoTotalCents() {
        assertThatThrownBy(() -> ORDER_1_TO_2.upcast(order("10.00", "ABC")))
                .isInstanceOf(UpcastException.class)
                .hasMessageContaining("/currency ABC has no ISO 4217 minor unit this JVM knows");
    }

    @Test
    void refusesAPayloadMissingWhat2_0Requires() {
        ObjectNode order = order("10.00", "EUR");
        order.remove("user_email");

        assertThatThrownBy(() -> ORDER_1_TO_2.upcast(order))
                .isInstanceOf(UpcastException.class)
                .hasMessage("cannot upcast order.completed 1.x to 2.0: /user_email is missing or not a string");
    }

    private static long totalMinor(String total, String currency) {
        return ORDER_1_TO_2.upcast(order(total, currency)).get("total_minor").asLong();
    }

    private static ObjectNode order(String total, String currency) {
        ObjectNode order = (ObjectNode) JsonFiles.parse("""
                {"order_id": 1, "user_id": 2, "user_email": "a@example.com", "line_items": [{"sku": "A-1", "qty": 1}]}""",
                "order");
        order.put("total", total);
        order.put("currency", currency);
        return order;
    }
}
