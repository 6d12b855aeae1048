package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.schema.EventCatalog;
import org.junit.jupiter.api.Test;

class DedupeKeysTest {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private final EnvelopeCodec codec = new EnvelopeCodec();

    private Envelope envelope(String event, String idField, String payload) {
        return codec.decode("{" + idField + "\"event\":\"" + event + "\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T10:00:00Z\","
                + "\"payload\":" + payload + "}");
    }

    @Test
    void anEventIsKeyedByItsIdThenByTheCatalogsBusinessKeyThenByItsMessageId() {
        String order = "{\"order_id\":42,\"user_id\":7,\"user_email\":\"a@example.com\",\"total\":\"1\",\"currency\":\"EUR\",\"line_items\":[]}";

        EventKeys byId = DedupeKeys.of("notifications", CATALOG, envelope("order.completed", "\"id\":\"0193a1c2-aa\",", order), "m-1");
        EventKeys byKey = DedupeKeys.of("notifications", CATALOG, envelope("order.completed", "", order), "m-1");
        EventKeys byMessage = DedupeKeys.of("notifications", null, envelope("order.completed", "", order), "m-1");

        assertThat(byId).isEqualTo(new EventKeys("eventbus:dedupe:notifications:order.completed:id:0193a1c2-aa",
                "eventbus:failure:notifications:order.completed:id:0193a1c2-aa", "id:0193a1c2-aa"));
        assertThat(byKey.keyPart()).isEqualTo("key:42");
        assertThat(byKey.byBusinessKey()).isTrue();
        assertThat(byMessage.keyPart()).isEqualTo("msg:m-1");
        assertThat(byMessage.byMessageId()).isTrue();
    }

    @Test
    void aCompositeBusinessKeyJoinsItsEncodedValues() {
        String change = "{\"account_id\":\"acc:1,2\",\"user_email\":\"a@example.com\",\"change\":\"renewed\",\"plan_id\":\"p\","
                + "\"plan_name\":\"Pro\",\"effective_at\":\"2026-11-23T10:00:00Z\"}";

        EventKeys keys = DedupeKeys.of("notifications", CATALOG, envelope("subscription.changed", "", change), "m-1");

        assertThat(keys.keyPart()).isEqualTo("key:acc%3A1%2C2,renewed,2026-11-23T10%3A00%3A00Z");
    }

    @Test
    void noIdCanNameAnotherEventsKeysBecauseEveryPartIsEncoded() {
        String payload = "{\"order_id\":1}";
        EventKeys victim = DedupeKeys.of("notifications", null, envelope("order.completed", "\"id\":\"X\",", payload), "m-1");
        EventKeys attacker = DedupeKeys.of("notifications", null, envelope("order.completed", "\"id\":\"X:step:send-email\",", payload), "m-2");

        assertThat(attacker.claimKey()).isEqualTo("eventbus:dedupe:notifications:order.completed:id:X%3Astep%3Asend-email");
        assertThat(DedupeKeys.stepsKey(victim.claimKey())).isEqualTo("eventbus:steps:notifications:order.completed:id:X");
        assertThat(attacker.claimKey()).doesNotStartWith(victim.claimKey() + ":");
        assertThat(DedupeKeys.stepsKey(attacker.claimKey())).isNotEqualTo(DedupeKeys.stepsKey(victim.claimKey()));
        assertThat(DedupeKeys.of("a:b", null, envelope("order.completed", "\"id\":\"c\",", payload), "m").claimKey())
                .isNotEqualTo(DedupeKeys.of("a", null, envelope("order.completed", "\"id\":\"b:c\",", payload), "m").claimKey());
    }

    @Test
    void aPartTooLongForAKeyIsReplacedByItsHash() {
        String longId = "~".repeat(50) + "%".repeat(78);

        EventKeys keys = DedupeKeys.of("notifications", null, envelope("order.completed", "\"id\":\"" + longId + "\",", "{}"), "m");

        assertThat(keys.keyPart()).matches("id-sha256:[0-9a-f]{64}");
        assertThat(DedupeKeys.encode("caf\u00e9 \u2603")).isEqualTo("caf%C3%A9%20%E2%98%83");
    }
}
