package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.schema.internal.JsonFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PayloadValidatorTest {

    private static final PayloadValidator VALIDATOR = new PayloadValidator(EventCatalog.load());

    private static final String ORDER_1_2 = """
            {"order_id": 1004, "user_id": 7, "user_email": "alice@example.com", "total": "42.00", "total_cents": 4200,
             "currency": "EUR", "line_items": [{"sku": "A-1", "qty": 2, "name": "Blue mug"}],
             "completed_at": "2026-11-23T10:15:30Z"}""";

    @Test
    void holdsPublishersToTheExactVersionTheyClaim() {
        JsonNode payload = json(ORDER_1_2);

        assertThat(VALIDATOR.validate("order.completed", v("1.2"), payload)).isEmpty();
        assertThat(VALIDATOR.validate("order.completed", v("1.1"), payload)).containsExactly(
                new Violation("/completed_at", "is not a property of order.completed 1.1 (undeclared properties are rejected)"),
                new Violation("/line_items/0/name", "is not a property of order.completed 1.1 (undeclared properties are rejected)"));
    }

    @Test
    void reportsEveryViolationWithAPointerIntoThePayload() {
        ObjectNode payload = (ObjectNode) json(ORDER_1_2);
        payload.put("user_email", "not an address");
        payload.put("currency", "euro");
        ((ObjectNode) payload.get("line_items").get(0)).put("qty", "two");

        assertThat(VALIDATOR.validate("order.completed", v("1.2"), payload)).containsExactly(
                new Violation("/currency", "must match the pattern ^[A-Z]{3}$"),
                new Violation("/line_items/0/qty", "must be an integer, but is a string"),
                new Violation("/user_email", "must be an email address"));
    }

    @Test
    void acceptsRfc3339DateTimesInUtcOrWithAnOffsetAndRejectsTheRest() {
        ObjectNode payload = (ObjectNode) json(ORDER_1_2);
        for (String valid : new String[] {"2026-11-23T10:15:30Z", "2026-11-23T10:15:30.123456789Z", "2028-02-29T23:59:59.5Z",
                "2026-11-23T10:15:30+05:30", "2026-11-23T10:15:30.1-08:00"}) {
            payload.put("completed_at", valid);
            assertThat(VALIDATOR.validate("order.completed", v("1.2"), payload)).as(valid).isEmpty();
        }
        for (String invalid : new String[] {"2026-02-29T10:15:30Z", "2026-02-30T10:15:30Z", "2026-11-23T24:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-23T10:15:30", "2026-11-23 10:15:30Z", "2026-11-23T10:15Z", "yesterday"}) {
            payload.put("completed_at", invalid);
            assertThat(VALIDATOR.validate("order.completed", v("1.2"), payload)).as(invalid).containsExactly(
                    new Violation("/completed_at", "must be an RFC 3339 date-time such as 2026-11-23T10:15:30Z"));
        }
    }

    @Test
    void pointsAtTheRootWhenThePayloadIsNotAnObject() {
        assertThat(VALIDATOR.validate("user.registered", v("1.0"), json("[1, 2]")))
                .containsExactly(new Violation("", "must be an object, but is an array"));
    }

    @Test
    void escapesPropertyNamesInPointers() {
        ObjectNode payload = (ObjectNode) json(ORDER_1_2);
        payload.put("a/b~c", 1);

        assertThat(VALIDATOR.validate("order.completed", v("1.2"), payload)).extracting(Violation::pointer)
                .containsExactly("/a~1b~0c");
    }

    @Test
    void neverRepeatsTheOffendingValueInAMessage() {
        ObjectNode payload = (ObjectNode) json(ORDER_1_2);
        payload.put("user_email", "secret-person@@example");

        assertThat(VALIDATOR.validate("order.completed", v("1.2"), payload))
                .singleElement()
                .satisfies(violation -> assertThat(violation.message()).doesNotContain("secret-person"));
    }

    @Test
    void letsAConsumerReadANewerMinorWithPropertiesItDoesNotKnow() {
        ObjectNode payload = (ObjectNode) json(ORDER_1_2);
        payload.put("gift_wrap", true);
        ((ObjectNode) payload.get("line_items").get(0)).put("colour", "blue");

        assertThat(VALIDATOR.validateTolerant("order.completed", v("1.7"), payload)).isEmpty();
    }

    @Test
    void stillEnforcesTypesAndRequiredPropertiesOnANewerMinor() {
        ObjectNode payload = (ObjectNode) json(ORDER_1_2);
        payload.put("gift_wrap", true);
        payload.remove("user_email");
        ((ObjectNode) payload.get("line_items").get(0)).put("qty", "2");

        assertThat(VALIDATOR.validateTolerant("order.completed", v("1.7"), payload)).containsExactly(
                new Violation("/line_items/0/qty", "must be an integer, but is a string"),
                new Violation("/user_email", "is required but missing"));
    }

    @Test
    void acceptsNewValuesOfOpenEnumsButNotOfClosedOnesFromANewerMinor() {
        ObjectNode payload = (ObjectNode) json("""
                {"account_id": "acct_42", "user_email": "owner@example.com", "change": "paused", "plan_id": "pro",
                 "plan_name": "Pro", "price": {"amount_minor": 1999, "currency": "EUR", "interval": "month"},
                 "effective_at": "2026-11-23T10:15:30Z"}""");

        assertThat(VALIDATOR.validateTolerant("subscription.changed", v("1.3"), payload)).isEmpty();
        assertThat(VALIDATOR.validate("subscription.changed", v("1.0"), payload)).extracting(Violation::pointer)
                .containsExactly("/change");

        ((ObjectNode) payload.get("price")).put("interval", "week");
        assertThat(VALIDATOR.validateTolerant("subscription.changed", v("1.3"), payload))
                .containsExactly(new Violation("/price/interval", "must be one of month, year"));
    }

    @Test
    void usesTheExactSchemaForAVersionTheCatalogKnows() {
        ObjectNode payload = (ObjectNode) json(ORDER_1_2);
        payload.remove("completed_at");
        ((ObjectNode) payload.get("line_items").get(0)).remove("name");
        payload.put("gift_wrap", true);

        assertThat(VALIDATOR.validateTolerant("order.completed", v("1.1"), payload))
                .containsExactly(new Violation("/gift_wrap",
                        "is not a property of order.completed 1.1 (undeclared properties are rejected)"));
    }

    @Test
    void refusesToValidateAPublishedVersionTheCatalogDoesNotHave() {
        assertThatThrownBy(() -> VALIDATOR.validate("order.completed", v("1.3"), json(ORDER_1_2)))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessage("no schema for order.completed 1.3; the catalog has order.completed 1.0, 1.1, 1.2, 2.0."
                        + " Publishers send a version the catalog has.");
    }

    @Test
    void refusesAMajorTheConsumerDoesNotKnowAndSaysWhatToDeploy() {
        assertThatThrownBy(() -> VALIDATOR.validateTolerant("order.completed", v("3.0"), json(ORDER_1_2)))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessage("no schema of order.completed major 3 for a 3.0 message; the catalog has order.completed"
                        + " 1.0, 1.1, 1.2, 2.0. Deploy a consumer that knows major 3 before it is published.");
    }

    @Test
    void refusesAnUnknownEventInBothModes() {
        assertThatThrownBy(() -> VALIDATOR.validate("order.shipped", v("1.0"), json("{}")))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageStartingWith("unknown event \"order.shipped\"");
        assertThatThrownBy(() -> VALIDATOR.validateTolerant("order.shipped", v("1.0"), json("{}")))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageStartingWith("unknown event \"order.shipped\"");
    }

    @Test
    void givesTheSameAnswersWhenSharedBetweenThreads() throws Exception {
        List<Examples.Example> examples = Examples.all();
        List<List<Violation>> expected = examples.stream()
                .map(e -> VALIDATOR.validate(e.event(), e.version(), e.payload()))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < examples.size(); i++) {
                            Examples.Example e = examples.get(i);
                            if (!VALIDATOR.validate(e.event(), e.version(), e.payload()).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode json(String text) {
        return JsonFiles.parse(text, "test payload");
    }

    private static EventVersion v(String text) {
        return EventVersion.parse(text);
    }
}
