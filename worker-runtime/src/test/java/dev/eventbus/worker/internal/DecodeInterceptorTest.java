package dev.eventbus.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeInterceptorTest {

    record OrderCompleted(long orderId, String userEmail) {}

    private final Handlers handlers = Handlers.builder()
            .on("order.completed", 1, OrderCompleted.class, e -> { })
            .on("order.completed", 3, OrderCompleted.class, e -> { })
            .build();
    private final List<Delivery> reachedHandler = new ArrayList<>();
    private final List<Interceptor> chain = List.of(
            new DecodeInterceptor(new EnvelopeCodec(), handlers, null, "notifications"),
            c -> {
                reachedHandler.add(c.delivery());
                return Outcome.acked();
            });

    private static String envelope(String event, String version, String payload) {
        return "{\"id\":\"e-1\",\"event\":\"" + event + "\",\"version\":\"" + version
                + "\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"payload\":" + payload + "}";
    }

    @Test
    void aValidMessageReachesItsHandlerDecodedWithThePayloadMapped() {
        Outcome outcome = RealChain.run(chain, Deliveries.of(envelope("order.completed", "1.4", "{\"order_id\":42,\"user_email\":\"a@x\",\"later_field\":1}"), 1));

        assertThat(outcome).isEqualTo(Outcome.acked());
        assertThat(reachedHandler).singleElement().satisfies(d -> {
            assertThat(d.envelope().version()).hasToString("1.4");
            assertThat(d.registration().major()).isEqualTo(1);
            assertThat(d.payload()).isEqualTo(new OrderCompleted(42, "a@x"));
        });
    }

    @Test
    void malformedJsonIsDeadLetteredWithoutReachingTheHandler() {
        assertDeadLettered("{\"event\": tru", FailureReason.MALFORMED_JSON, "not valid JSON");
    }

    @Test
    void jsonThatIsNotAnEnvelopeIsDeadLettered() {
        assertDeadLettered("{\"hello\":\"world\"}", FailureReason.INVALID_ENVELOPE, "\"event\" is missing");
    }

    @Test
    void anUnknownEventTypeIsDeadLetteredNotDropped() {
        assertDeadLettered(envelope("invoice.frozen", "1.0", "{}"), FailureReason.UNKNOWN_EVENT_TYPE, "invoice.frozen");
    }

    @Test
    void aMajorWithoutAHandlerIsDeadLetteredAsUnsupportedNamingTheHandledMajors() {
        assertDeadLettered(envelope("order.completed", "2.0", "{\"order_id\":1}"), FailureReason.UNSUPPORTED_VERSION, "[1, 3]");
    }

    @Test
    void aPayloadThatDoesNotFitTheHandlersTypeIsASchemaViolation() {
        assertDeadLettered(envelope("order.completed", "1.0", "{\"order_id\":\"forty-two\"}"), FailureReason.SCHEMA_VIOLATION, "OrderCompleted");
    }

    private void assertDeadLettered(String body, FailureReason reason, String detail) {
        Outcome outcome = RealChain.run(chain, Deliveries.of(body, 1));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.DeadLettered.class, dead -> {
            assertThat(dead.failure().reason()).isEqualTo(reason);
            assertThat(dead.failure().message()).contains(detail);
            assertThat(dead.failure().fingerprint()).isNotBlank();
        });
        assertThat(reachedHandler).isEmpty();
    }
}
