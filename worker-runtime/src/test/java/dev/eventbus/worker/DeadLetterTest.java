package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

class DeadLetterTest {

    private final DeadLetter letter = DeadLetter.of(Failure.of(FailureReason.HANDLER_ERROR, new IllegalStateException("smtp relay refused"),
                    "order.completed.v1"), "notifications", 3, Instant.parse("2026-12-03T10:15:30.123Z"), "m-1",
            "http://sqs/000000000000/notifications", "0193a1c2-0000-7000-8000-000000000001", "id:0193a1c2-0000-7000-8000-000000000001");

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Test
    void theFailureTravelsAsOneJsonAttributeThatReadsBackAsItWasWritten() {
        Map<String, MessageAttributeValue> attributes = letter.messageAttributes(Map.of(), "order.completed", "1.2");

        assertThat(attributes).containsOnlyKeys("EventType", "EventVersion", DeadLetter.FAILURE_ATTRIBUTE);
        String json = attributes.get(DeadLetter.FAILURE_ATTRIBUTE).stringValue();
        assertThat(json).startsWith("{\"v\":1,\"reason\":\"handler_error\",\"error_class\":\"java.lang.IllegalStateException\","
                + "\"error_message\":\"smtp relay refused\",\"fingerprint\":\"")
                .contains("\"handler\":\"order.completed.v1\",\"consumer\":\"notifications\",\"attempts\":3,"
                        + "\"failed_at\":\"2026-12-03T10:15:30.123Z\",\"source_message_id\":\"m-1\"")
                .endsWith("\"dropped_attributes\":[]}");
        assertThat(DeadLetter.fromAttributes(attributes)).contains(letter);
    }

    @Test
    void everyOriginalAttributeIsKeptExceptAnEarlierFailureAndKnownTypeAndVersionDoNotReplaceTheOriginals() {
        Map<String, MessageAttributeValue> original = new LinkedHashMap<>();
        original.put("EventType", string("order.completed"));
        original.put("traceparent", string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        original.put("tenant", string("acme"));
        original.put("priority", MessageAttributeValue.builder().dataType("Number").stringValue("7").build());
        original.put("signature", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("sig")).build());
        original.put(DeadLetter.FAILURE_ATTRIBUTE, string("{\"v\":1,\"reason\":\"timeout\",\"failed_at\":\"2026-01-01T00:00:00Z\"}"));

        Map<String, MessageAttributeValue> attributes = letter.messageAttributes(original, "ignored.because.present", "1.2");

        assertThat(attributes).containsOnlyKeys("EventType", "EventVersion", "traceparent", "tenant", "priority", "signature",
                DeadLetter.FAILURE_ATTRIBUTE);
        assertThat(attributes.get("EventType").stringValue()).isEqualTo("order.completed");
        assertThat(attributes.get("priority")).isEqualTo(original.get("priority"));
        assertThat(attributes.get("signature")).isEqualTo(original.get("signature"));
        assertThat(DeadLetter.fromAttributes(attributes).orElseThrow().reason()).isEqualTo(FailureReason.HANDLER_ERROR);
    }

    @Test
    void whenTheOriginalsLeaveNoRoomTypeVersionTraceAndFailureAreKeptAndTheRestNamedAsDropped() {
        Map<String, MessageAttributeValue> original = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            original.put("custom-" + i, string("v" + i));
        }
        original.put("traceparent", string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        Map<String, MessageAttributeValue> attributes = letter.messageAttributes(original, "order.completed", "1.2");

        assertThat(attributes).hasSize(DeadLetter.MAX_ATTRIBUTES)
                .containsKeys("EventType", "EventVersion", "traceparent", DeadLetter.FAILURE_ATTRIBUTE, "custom-1", "custom-6");
        DeadLetter written = DeadLetter.fromAttributes(attributes).orElseThrow();
        assertThat(written.droppedAttributes()).containsExactly("custom-7", "custom-8", "custom-9");
    }

    @Test
    void aMessageWithoutTheAttributeCarriesNoDeadLetterAndABrokenOneSaysSo() {
        assertThat(DeadLetter.fromAttributes(Map.of("EventType", string("x")))).isEmpty();
        assertThatThrownBy(() -> DeadLetter.fromAttributes(Map.of(DeadLetter.FAILURE_ATTRIBUTE, string("not json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventbus.failure");
        assertThat(DeadLetter.fromJson("{\"reason\":\"malformed_json\",\"failed_at\":\"2026-01-01T00:00:00Z\",\"consumer\":\"c\","
                + "\"added_later\":1}").droppedAttributes()).isEqualTo(List.of());
    }
}
