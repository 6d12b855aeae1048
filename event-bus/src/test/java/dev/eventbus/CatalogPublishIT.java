package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.events.OrderCompletedV2;
import dev.eventbus.events.ScholarshipWonV1;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.Violation;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** Publishing through the event catalog: its routes, its versions, and its schemas checked before sending (moto). */
@ExtendWith(EmulatorExtension.class)
class CatalogPublishIT {

    private static final EventCatalog CATALOG = EventCatalog.load();

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private Emulators env;
    private TestQueue notifications;
    private TestQueue monolithInbox;
    private EventBus bus;

    @BeforeEach
    void deploy(Emulators env) {
        this.env = env;
        TestQueues queues = env.queues();
        String orderEvents = queues.topic("order-events");
        notifications = queues.queueWithDlq("notifications");
        queues.subscribe(orderEvents, notifications);
        monolithInbox = queues.queueWithDlq("monolith-inbox");
        bus = EventBus.builder().sns(env.sns()).sqs(env.sqs()).source("checkout")
                .catalog(CATALOG)
                .topic("order-events", orderEvents)
                .queue("monolith-inbox", monolithInbox.url())
                .build();
    }

    static OrderCompletedV1 order(long id) {
        return new OrderCompletedV1(id, 7, "a@example.com", "19.90", 1990L, "EUR",
                List.of(new OrderCompletedV1.LineItem("A-1", 2, "Notebook")), Instant.parse("2026-11-23T10:15:30Z"));
    }

    @Test
    void typedEventsTravelTheCatalogsRoutesAtTheirTypesVersion() {
        PublishReceipt order = bus.publish(Events.ORDER_COMPLETED_V1, order(42));
        PublishReceipt scholarship = bus.publish(Events.SCHOLARSHIP_WON_V1, new ScholarshipWonV1(7, 3, "Top of the class", 50, "TOP50",
                1, Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-12-23T10:00:00Z")));

        Envelope fannedOut = single(notifications);
        assertThat(fannedOut.id()).isEqualTo(order.eventId());
        assertThat(fannedOut.version()).hasToString("1.2");
        assertThat(fannedOut.payload().get("line_items").get(0).get("qty").asInt()).isEqualTo(2);
        assertThat(fannedOut.payload().get("completed_at").asString()).isEqualTo("2026-11-23T10:15:30Z");
        Envelope pointToPoint = single(monolithInbox);
        assertThat(pointToPoint.id()).isEqualTo(scholarship.eventId());
        assertThat(pointToPoint.event()).isEqualTo("scholarship.won");
    }

    @Test
    void anUntypedPayloadIsPublishedAtTheCatalogsCurrentVersionAndItsAbsentOptionalFieldsAreLeftOut() {
        Map<String, Object> legacyShape = new java.util.HashMap<>(Map.of("order_id", 1, "user_id", 2, "user_email", "b@example.com",
                "total", "5.00", "currency", "EUR", "line_items", List.of(Map.of("sku", "B-7", "qty", 1))));
        legacyShape.put("total_cents", null);

        PublishReceipt receipt = bus.publish("order.completed", legacyShape);

        assertThat(receipt.version()).hasToString("1.2");
        assertThat(single(notifications).payload().has("total_cents")).isFalse();
    }

    @Test
    void anInvalidPayloadIsRejectedListingEachViolationAndNoQueueReceivesAnything() {
        Map<String, Object> broken = Map.of("order_id", 42, "user_id", 7, "total", "19.90", "currency", "EUR",
                "line_items", List.of(Map.of("sku", "A-1", "qty", 0)), "coupon", "SPRING");

        assertThatThrownBy(() -> bus.publish("order.completed", broken))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                    assertThat(e.event()).isEqualTo("order.completed");
                    assertThat(e.version()).hasToString("1.2");
                    assertThat(e.violations()).extracting(Violation::pointer)
                            .containsExactlyInAnyOrder("/coupon", "/line_items/0/qty", "/user_email");
                    assertThat(e.getMessage()).contains("nothing was sent", "/line_items/0/qty: must be at least 1",
                            "/user_email: is required but missing");
                });

        assertThat(Emulators.receive(env.sqs(), notifications.url(), 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(Emulators.receive(env.sqs(), monolithInbox.url(), 1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aMajorNewerThanTheCatalogsCurrentVersionIsRefusedConsumersFirst() {
        OrderCompletedV2 v2 = new OrderCompletedV2(42, 7, "a@example.com", 1990, "EUR",
                List.of(new OrderCompletedV2.LineItem("A-1", 2, null)), Instant.parse("2026-11-23T10:15:30Z"));

        assertThatThrownBy(() -> bus.publish(Events.ORDER_COMPLETED_V2, v2))
                .isInstanceOf(UnpublishableVersionException.class)
                .hasMessageContaining("newer major than the catalog's current 1.2")
                .hasMessageContaining("Consumers first");

        assertThat(Emulators.receive(env.sqs(), notifications.url(), 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void anAddressForAChannelTheCatalogDoesNotHaveIsRefusedWhenTheBusIsBuilt() {
        assertThatThrownBy(() -> EventBus.builder().sns(env.sns()).catalog(CATALOG).topic("order-event", "arn:aws:sns:us-east-1:1:x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"order-event\" is not a topic")
                .hasMessageContaining("order-events");
    }

    private Envelope single(TestQueue queue) {
        List<Message> received = Emulators.receive(env.sqs(), queue.url(), 2, Duration.ofSeconds(3));
        assertThat(received).hasSize(1);
        return codec.decode(received.get(0).body());
    }
}
