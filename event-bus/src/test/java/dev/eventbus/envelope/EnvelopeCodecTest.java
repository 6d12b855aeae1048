package dev.eventbus.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.eventbus.envelope.MalformedEnvelopeException.Reason;
import dev.eventbus.schema.EventVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EnvelopeCodecTest {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    record LineItem(String sku, int qty) {}

    record OrderCompleted(long orderId, long userId, String userEmail, String total, String currency, List<LineItem> lineItems) {}

    @Test
    void encodedEnvelopeDecodesToTheSameFactsWithSnakeCasePayloadFields() {
        OrderCompleted order = new OrderCompleted(42, 7, "a@example.com", "19.90", "EUR", List.of(new LineItem("A-1", 2)));
        Envelope envelope = new Envelope("0193a1c2-0000-7000-8000-000000000001", "order.completed", EventVersion.of(1, 2),
                Instant.parse("2026-11-23T10:15:30.123Z"), "monolith", "corr-1", "cause-1",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", codec.toPayload(order));

        String body = codec.encode(envelope);

        assertThat(body).contains("\"order_id\":42", "\"user_email\":\"a@example.com\"", "\"line_items\":[{\"sku\":\"A-1\",\"qty\":2}]",
                "\"version\":\"1.2\"", "\"timestamp\":\"2026-11-23T10:15:30.123Z\"", "\"correlation_id\":\"corr-1\"");
        Envelope decoded = codec.decode(body);
        assertThat(decoded.id()).isEqualTo(envelope.id());
        assertThat(decoded.timestamp()).isEqualTo(envelope.timestamp());
        assertThat(decoded.traceparent()).isEqualTo(envelope.traceparent());
        assertThat(codec.encode(decoded)).as("re-encoding a decoded envelope").isEqualTo(body);
        assertThat(codec.readPayload(decoded.payload(), OrderCompleted.class)).isEqualTo(order);
    }

    record Shipped(Instant shippedAt, @JsonFormat(pattern = "dd.MM.yyyy HH:mm", timezone = "UTC") Instant promisedAt) {}

    private Shipped shipped(String shippedAt) {
        return codec.readPayload(codec.decode("""
                {"event":"order.shipped","version":"1.0","timestamp":"2026-11-23T10:15:30Z",
                 "payload":{"shipped_at":%s,"promised_at":"24.11.2026 18:00"}}""".formatted(shippedAt)).payload(), Shipped.class);
    }

    @Test
    void instantPayloadFieldsReadUtcOffsetsEpochSecondsAndTheirOwnFormat() {
        assertThat(shipped("\"2026-11-23T10:15:30.123456789Z\"").shippedAt()).isEqualTo(Instant.parse("2026-11-23T10:15:30.123456789Z"));
        assertThat(shipped("\"2026-11-23T10:15:30Z\"").shippedAt()).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
        assertThat(shipped("\"2026-11-23T10:15:30+05:30\"").shippedAt()).isEqualTo(Instant.parse("2026-11-23T04:45:30Z"));
        assertThat(shipped("1763892930").shippedAt()).isEqualTo(Instant.ofEpochSecond(1_763_892_930L));
        assertThat(shipped("\"2026-11-23T10:15:30Z\"").promisedAt()).isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));
    }

    @Test
    void instantPayloadFieldsAreWrittenAsIsoInstantsOrInTheirOwnFormat() {
        JsonNode payload = codec.toPayload(new Shipped(Instant.parse("2026-11-23T10:15:30.120Z"), Instant.parse("2026-11-24T18:00:00Z")));

        assertThat(payload.get("shipped_at").asString()).isEqualTo("2026-11-23T10:15:30.120Z");
        assertThat(payload.get("promised_at").asString()).isEqualTo("24.11.2026 18:00");
        assertThat(codec.toPayload(new Shipped(Instant.parse("2026-11-23T10:15:30.000000001Z"), null)).get("shipped_at").asString())
                .isEqualTo("2026-11-23T10:15:30.000000001Z");
    }

    @Test
    void anInstantPayloadFieldThatIsNoTimeIsAMappingError() {
        for (String bad : new String[] {"\"2026-02-30T10:15:30Z\"", "\"yesterday\"", "true"}) {
            assertThatThrownBy(() -> shipped(bad)).as(bad).isInstanceOf(PayloadMappingException.class)
                    .hasMessageContaining("payload does not fit Shipped");
        }
    }

    @Test
    void decodesTheMonolithsOlderFormatWithoutAnId() {
        String body = """
                {"event":"order.completed","payload":{"order_id":42,"user_id":7,"user_email":"a@example.com","total":"19.90",
                "currency":"EUR","line_items":[{"sku":"A-1","qty":2}]},"timestamp":"2024-11-15T10:15:30Z","version":"1.0"}""";

        Envelope envelope = codec.decode(body);

        assertThat(envelope.isLegacy()).isTrue();
        assertThat(envelope.id()).isNull();
        assertThat(envelope.version()).isEqualTo(EventVersion.of(1, 0));
        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2024-11-15T10:15:30Z"));
        assertThat(envelope.payload().get("order_id").asLong()).isEqualTo(42);
    }

    @Test
    void aSchemaVersionInsideALegacyPayloadIsThePayloadsVersionAndLeavesThePayload() {
        String body = """
                {"event":"order.completed","payload":{"schema_version":"1.2","order_id":42},
                "timestamp":"2024-11-15T10:15:30+00:00","version":"1.0"}""";

        Envelope envelope = codec.decode(body);

        assertThat(envelope.version()).isEqualTo(EventVersion.of(1, 2));
        assertThat(envelope.payload().has("schema_version")).isFalse();
        assertThat(envelope.payload().get("order_id").asInt()).isEqualTo(42);
    }

    @Test
    void unwrapsAnSnsNotificationSoAMisconfiguredSubscriptionIsNotAPoisonPill() {
        String inner = codec.encode(new Envelope("id-1", "user.registered", EventVersion.of(1, 0), Instant.parse("2026-01-01T00:00:00Z"),
                null, null, null, null, codec.toPayload(Map.of("user_id", 9))));
        String wrapper = codec.write(codec.parse("""
                {"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:us-east-1:1:t","Message":"","Timestamp":"2026-01-01T00:00:00Z"}""",
                "test").deepCopy().withObject("").put("Message", inner));

        Envelope envelope = codec.decode(wrapper);

        assertThat(envelope.id()).isEqualTo("id-1");
        assertThat(envelope.event()).isEqualTo("user.registered");
    }

    @Test
    void rejectsNonJsonAsMalformedJson() {
        assertThatThrownBy(() -> codec.decode("{\"event\":"))
                .isInstanceOfSatisfying(MalformedEnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
        assertThatThrownBy(() -> codec.decode(""))
                .isInstanceOfSatisfying(MalformedEnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
        assertThatThrownBy(() -> codec.decode("{\"a\":1} trailing"))
                .isInstanceOfSatisfying(MalformedEnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
    }

    @Test
    void rejectsNestingDeeperThanTheLimitWithoutBlowingTheStack() {
        String deep = "{\"event\":\"x\",\"payload\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        assertThatThrownBy(() -> codec.decode(deep))
                .isInstanceOfSatisfying(MalformedEnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON))
                .hasMessageContaining("nested deeper than the parser allows");
    }

    @Test
    void rejectsOverlongNumbersAndDuplicateKeys() {
        String longNumber = "{\"event\":\"x\",\"payload\":{\"n\":" + "9".repeat(1_000) + "}}";
        assertThatThrownBy(() -> codec.decode(longNumber)).isInstanceOf(MalformedEnvelopeException.class);
        assertThatThrownBy(() -> codec.decode("{\"event\":\"a\",\"event\":\"b\"}"))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("the message body is not valid JSON: an object has the same property twice (at line 1, column 21)");
    }

    @Test
    void rejectsJsonThatIsNotAnEnvelopeSayingWhichFieldIsWrong() {
        assertInvalid("[1,2]", "not an object");
        assertInvalid("{\"payload\":{},\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":\"1.0\"}", "\"event\" is missing");
        assertInvalid("{\"event\":\"a\",\"payload\":[],\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":\"1.0\"}", "\"payload\" must be a JSON object");
        assertInvalid("{\"event\":\"a\",\"payload\":{},\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":1.0}", "\"version\" must be a non-empty string");
        assertInvalid("{\"event\":\"a\",\"payload\":{},\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":\"one\"}", "MAJOR.MINOR");
        assertInvalid("{\"event\":\"a\",\"payload\":{},\"timestamp\":\"yesterday\",\"version\":\"1.0\"}", "\"timestamp\"");
        assertInvalid("{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"x\"}", "whose \"Type\" is not \"Notification\"");
    }

    @Test
    void parseErrorsNameTheRuleAndThePositionButNeverRepeatTheBody() {
        List<String> bodies = List.of("{\"event\": secret-token}", "{\"event\":\"a\nsecret\"}", "{secret:1}", "{\"secret\":1,\"secret\":2}",
                "{\"event\":\"secret\\q\"}", "{\"event\":\"a\"} secret", "{\"n\":0123}", "{\"event\":\"secret");
        for (String body : bodies) {
            assertThatThrownBy(() -> codec.decode(body)).as(body)
                    .isInstanceOfSatisfying(MalformedEnvelopeException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON);
                        assertThat(e.problem()).startsWith("the message body is not valid JSON: ").doesNotContain("secret");
                        assertThat(e.position()).matches("\\(at line 1, column \\d+\\)");
                    })
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void eventIdsAndNamesMustBeShortAndPlainSoTheyAreSafeInLogsAndKeys() {
        String valid = "{\"event\":\"order.completed\",\"payload\":{},\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":\"1.0\"";
        assertThat(codec.decode(valid + ",\"id\":\"X:step:send-email\"}").id()).isEqualTo("X:step:send-email");
        for (String id : List.of("a b", "line\\nbreak", "x".repeat(Envelope.MAX_ID_LENGTH + 1), "caf\u00e9")) {
            assertThatThrownBy(() -> codec.decode(valid + ",\"id\":\"" + id + "\"}")).as(id)
                    .isInstanceOfSatisfying(MalformedEnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ENVELOPE))
                    .hasMessageContaining("id, when present, must be 1 to 128 printable ASCII characters")
                    .hasMessageNotContaining(id);
        }
        for (String event : List.of("order:completed", "order.completed\\n", "e".repeat(129))) {
            assertThatThrownBy(() -> codec.decode(valid.replace("order.completed", event) + "}")).as(event)
                    .isInstanceOf(MalformedEnvelopeException.class)
                    .hasMessageContaining("\"event\" must be 1 to 128 ASCII letters, digits")
                    .hasMessageNotContaining(event);
        }
    }

    @Test
    void payloadThatDoesNotFitTheRecordIsAMappingError() {
        JsonNode payload = codec.parse("{\"order_id\":\"not a number\"}", "test");

        assertThatThrownBy(() -> codec.readPayload(payload, OrderCompleted.class))
                .isInstanceOf(PayloadMappingException.class)
                .hasMessage("payload does not fit OrderCompleted: /order_id is not a valid value of the field's type");
    }

    @Test
    void aPayloadMustSerialiseToAnObject() {
        assertThatThrownBy(() -> codec.toPayload(List.of(1, 2)))
                .isInstanceOf(PayloadMappingException.class)
                .hasMessageContaining("JSON object");
    }

    private void assertInvalid(String body, String expectedDetail) {
        assertThatThrownBy(() -> codec.decode(body))
                .isInstanceOfSatisfying(MalformedEnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ENVELOPE))
                .hasMessageContaining(expectedDetail);
    }
}
