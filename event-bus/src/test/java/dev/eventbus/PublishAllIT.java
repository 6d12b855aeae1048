package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.routing.Destination;
import dev.eventbus.routing.Routes;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** Batched publishing: PublishBatch and SendMessageBatch, on moto. */
@ExtendWith(EmulatorExtension.class)
class PublishAllIT {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void publishesMixedTopicAndQueueEventsInBatchesAndReturnsReceiptsInOrder(Emulators env) {
        TestQueues queues = env.queues();
        String topic = queues.topic("order-events");
        TestQueue subscribed = queues.queueWithDlq("notifications");
        queues.subscribe(topic, subscribed);
        TestQueue inbox = queues.queueWithDlq("monolith-inbox");
        EventBus bus = EventBus.builder().sns(env.sns()).sqs(env.sqs())
                .routes(Routes.builder().topic("order.completed", "1.0", topic).queue("scholarship.won", "1.0", inbox.url()).build())
                .build();
        List<OutgoingEvent> events = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            events.add(i % 2 == 0
                    ? OutgoingEvent.of("order.completed", Map.of("order_id", i))
                    : OutgoingEvent.of("scholarship.won", Map.of("user_id", i)));
        }
        events.set(4, events.get(4).withId("0193a1c2-0000-7000-8000-0000000000aa"));

        List<PublishReceipt> receipts = bus.publishAll(events);

        assertThat(receipts).hasSize(23);
        for (int i = 0; i < 23; i++) {
            assertThat(receipts.get(i).event()).isEqualTo(events.get(i).event());
            assertThat(receipts.get(i).destination()).isInstanceOf(i % 2 == 0 ? Destination.Topic.class : Destination.Queue.class);
        }
        assertThat(receipts.get(4).eventId()).isEqualTo("0193a1c2-0000-7000-8000-0000000000aa");
        assertThat(receipts.stream().map(PublishReceipt::eventId).distinct()).hasSize(23);

        Set<String> orderIds = ids(Emulators.receive(env.sqs(), subscribed.url(), 12, Duration.ofSeconds(5)));
        Set<String> scholarshipIds = ids(Emulators.receive(env.sqs(), inbox.url(), 11, Duration.ofSeconds(5)));
        Set<String> expectedOrders = new HashSet<>();
        Set<String> expectedScholarships = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            (i % 2 == 0 ? expectedOrders : expectedScholarships).add(receipts.get(i).eventId());
        }
        assertThat(orderIds).isEqualTo(expectedOrders);
        assertThat(scholarshipIds).isEqualTo(expectedScholarships);
    }

    @Test
    void oneUnroutableEventFailsTheWholeCallBeforeAnythingIsSent(Emulators env) {
        TestQueue inbox = env.queues().queueWithDlq("monolith-inbox");
        EventBus bus = EventBus.builder().sqs(env.sqs()).routes(Routes.builder().queue("scholarship.won", "1.0", inbox.url()).build()).build();

        assertThatThrownBy(() -> bus.publishAll(List.of(
                        OutgoingEvent.of("scholarship.won", Map.of("user_id", 1)),
                        OutgoingEvent.of("invoice.frozen", Map.of("invoice_id", 2)))))
                .isInstanceOf(NoRouteException.class);

        assertThat(Emulators.receive(env.sqs(), inbox.url(), 1, Duration.ofSeconds(1))).isEmpty();
    }

    private Set<String> ids(List<Message> messages) {
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(codec.decode(m.body()).id()));
        return ids;
    }
}
