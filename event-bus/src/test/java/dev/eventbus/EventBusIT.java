package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.routing.Destination;
import dev.eventbus.routing.Routes;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(EmulatorExtension.class)
class EventBusIT {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    private static Map<String, Object> order() {
        return Map.of("order_id", 42, "user_id", 7, "user_email", "a@example.com", "total", "19.90", "currency", "EUR",
                "line_items", List.of(Map.of("sku", "A-1", "qty", 2)));
    }

    @Test
    void fanOutDeliversOneCopyToEachSubscribedQueue(Emulators env) {
        TestQueues queues = env.queues();
        String topic = queues.topic("order-events");
        TestQueue notifications = queues.queueWithDlq("notifications");
        TestQueue analytics = queues.queueWithDlq("analytics");
        queues.subscribe(topic, notifications);
        queues.subscribe(topic, analytics);
        EventBus bus = EventBus.builder().sns(env.sns()).sqs(env.sqs()).source("monolith")
                .routes(Routes.builder().topic("order.completed", "1.2", topic).build())
                .build();

        PublishReceipt receipt = bus.publish("order.completed", order());

        assertThat(receipt.destination()).isEqualTo(new Destination.Topic(topic));
        assertThat(receipt.messageId()).isNotBlank();
        for (TestQueue queue : List.of(notifications, analytics)) {
            List<Message> received = Emulators.receive(env.sqs(), queue.url(), 2, Duration.ofSeconds(3));
            assertThat(received).as("copies in %s", queue.name()).hasSize(1);
            Message message = received.get(0);
            Envelope envelope = codec.decode(message.body());
            assertThat(envelope.id()).isEqualTo(receipt.eventId());
            assertThat(envelope.event()).isEqualTo("order.completed");
            assertThat(envelope.version()).hasToString("1.2");
            assertThat(envelope.source()).isEqualTo("monolith");
            assertThat(envelope.payload().get("user_email").asString()).isEqualTo("a@example.com");
            assertThat(message.messageAttributes().get(MessageAttributes.EVENT_TYPE).stringValue()).isEqualTo("order.completed");
            assertThat(message.messageAttributes().get(MessageAttributes.EVENT_VERSION).stringValue()).isEqualTo("1.2");
        }
    }

    @Test
    void pointToPointSendsToExactlyOneQueue(Emulators env) {
        TestQueue monolith = env.queues().queueWithDlq("monolith-inbox");
        EventBus bus = EventBus.builder().sqs(env.sqs())
                .routes(Routes.builder().queue("scholarship.won", "1.0", monolith.url()).build())
                .build();

        PublishReceipt receipt = bus.publish(OutgoingEvent.of("scholarship.won", Map.of("user_id", 7, "scholarship_id", 3))
                .withCorrelationId("checkout-9")
                .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        List<Message> received = Emulators.receive(env.sqs(), monolith.url(), 2, Duration.ofSeconds(3));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).messageId()).isEqualTo(receipt.messageId());
        Envelope envelope = codec.decode(received.get(0).body());
        assertThat(envelope.correlationId()).isEqualTo("checkout-9");
        assertThat(received.get(0).messageAttributes().get(MessageAttributes.TRACEPARENT).stringValue())
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void anEventTypeWithoutARouteThrowsAndNothingReachesAnyQueue(Emulators env) {
        TestQueues queues = env.queues();
        String topic = queues.topic("order-events");
        TestQueue subscribed = queues.queueWithDlq("notifications");
        queues.subscribe(topic, subscribed);
        TestQueue direct = queues.queueWithDlq("monolith-inbox");
        EventBus bus = EventBus.builder().sns(env.sns()).sqs(env.sqs())
                .routes(Routes.builder()
                        .topic("order.completed", "1.0", topic)
                        .queue("scholarship.won", "1.0", direct.url())
                        .build())
                .build();

        assertThatThrownBy(() -> bus.publish("invoice.frozen", Map.of("invoice_id", 1)))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("\"invoice.frozen\"")
                .hasMessageContaining("nothing was sent")
                .hasMessageContaining("order.completed, scholarship.won");

        assertThat(Emulators.receive(env.sqs(), subscribed.url(), 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(Emulators.receive(env.sqs(), direct.url(), 1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void anEventLargerThanTheDestinationAcceptsIsRejectedBeforeSending(Emulators env) {
        TestQueue queue = env.queues().queueWithDlq("monolith-inbox");
        EventBus bus = EventBus.builder().sqs(env.sqs())
                .routes(Routes.builder().queue("scholarship.won", "1.0", queue.url()).build())
                .build();

        // 150,000 two-byte characters: under 256 KiB in characters, over it in UTF-8 bytes.
        assertThatThrownBy(() -> bus.publish("scholarship.won", Map.of("note", "é".repeat(150_000))))
                .isInstanceOf(EventTooLargeException.class)
                .hasMessageContaining("nothing was sent");

        assertThat(Emulators.receive(env.sqs(), queue.url(), 1, Duration.ofSeconds(1))).isEmpty();
    }
}
