package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.EventBus;
import dev.eventbus.PublishReceipt;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.routing.Routes;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The walking skeleton: EventBus.publish -> SNS/SQS -> Worker (Redis dedupe) -> handler, on moto. */
@ExtendWith(EmulatorExtension.class)
class PublishToHandlerIT {

    record LineItem(String sku, int qty) {}

    record OrderCompleted(long orderId, long userId, String userEmail, String total, String currency, List<LineItem> lineItems) {}

    record ScholarshipWon(long userId, long scholarshipId) {}

    static final WorkerConfig FAST = WorkerConfig.defaults().withWaitTime(Duration.ofSeconds(1)).withShutdownGrace(Duration.ofSeconds(5));

    private static Map<String, Object> order(int id) {
        return Map.of("order_id", id, "user_id", 7, "user_email", "a@example.com", "total", "19.90", "currency", "EUR",
                "line_items", List.of(Map.of("sku", "A-1", "qty", 2)));
    }

    @Test
    void aFannedOutEventIsHandledOnceByEachOfTwoWorkers(Emulators env) throws Exception {
        TestQueues queues = env.queues();
        String topic = queues.topic("order-events");
        TestQueue notificationsQueue = queues.queueWithDlq("notifications");
        TestQueue analyticsQueue = queues.queueWithDlq("analytics");
        queues.subscribe(topic, notificationsQueue);
        queues.subscribe(topic, analyticsQueue);
        List<Event<OrderCompleted>> notified = new CopyOnWriteArrayList<>();
        List<Event<OrderCompleted>> counted = new CopyOnWriteArrayList<>();
        EventBus bus = EventBus.builder().sns(env.sns()).routes(Routes.builder().topic("order.completed", "1.0", topic).build()).build();

        try (Worker notifications = worker(env, notificationsQueue, "notifications",
                        Handlers.builder().on("order.completed", 1, OrderCompleted.class, notified::add).build());
                Worker analytics = worker(env, analyticsQueue, "analytics",
                        Handlers.builder().on("order.completed", 1, OrderCompleted.class, counted::add).build())) {
            notifications.start();
            analytics.start();

            PublishReceipt receipt = bus.publish("order.completed", order(42));

            await().atMost(Duration.ofSeconds(20)).until(() -> notified.size() == 1 && counted.size() == 1);
            Thread.sleep(1_500);
            assertThat(notified).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(receipt.eventId());
                assertThat(e.payload().orderId()).isEqualTo(42);
                assertThat(e.payload().lineItems()).containsExactly(new LineItem("A-1", 2));
            });
            assertThat(counted).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(receipt.eventId()));
        }
        assertThat(Emulators.approximateDepth(env.sqs(), notificationsQueue.url())).as("notifications queue after ack").isZero();
        assertThat(Emulators.approximateDepth(env.sqs(), analyticsQueue.url())).as("analytics queue after ack").isZero();
    }

    @Test
    void aPointToPointEventIsHandledByTheOneConsumer(Emulators env) {
        TestQueue inbox = env.queues().queueWithDlq("monolith-inbox");
        List<Event<ScholarshipWon>> handled = new CopyOnWriteArrayList<>();
        EventBus bus = EventBus.builder().sqs(env.sqs()).routes(Routes.builder().queue("scholarship.won", "1.0", inbox.url()).build()).build();

        try (Worker monolith = worker(env, inbox, "monolith",
                Handlers.builder().on("scholarship.won", 1, ScholarshipWon.class, handled::add).build()).start()) {
            PublishReceipt receipt = bus.publish("scholarship.won", Map.of("user_id", 7, "scholarship_id", 3));

            await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 1);
            assertThat(handled.get(0).payload()).isEqualTo(new ScholarshipWon(7, 3));
            assertThat(handled.get(0).messageId()).isEqualTo(receipt.messageId());
        }
        assertThat(Emulators.approximateDepth(env.sqs(), inbox.url())).isZero();
    }

    @Test
    void aMessageInTheMonolithsOlderFormatIsHandled(Emulators env) {
        TestQueue queue = env.queues().queueWithDlq("notifications");
        List<Event<OrderCompleted>> handled = new CopyOnWriteArrayList<>();
        // Exactly what the monolith's Ruby EventBus sends: no id, version "1.0", ISO-8601 seconds, EventType attribute.
        String body = """
                {"event":"order.completed","payload":{"order_id":1001,"user_id":7,"user_email":"a@example.com","total":"5.00",\
                "currency":"EUR","line_items":[{"sku":"B-2","qty":1}]},"timestamp":"2024-11-15T10:15:30Z","version":"1.0"}""";
        env.sqs().sendMessage(r -> r.queueUrl(queue.url()).messageBody(body).messageAttributes(Map.of(MessageAttributes.EVENT_TYPE,
                MessageAttributeValue.builder().dataType("String").stringValue("order.completed").build())));

        try (Worker worker = worker(env, queue, "notifications",
                Handlers.builder().on("order.completed", 1, OrderCompleted.class, handled::add).build()).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 1);
            Event<OrderCompleted> event = handled.get(0);
            assertThat(event.id()).isNull();
            assertThat(event.version()).hasToString("1.0");
            assertThat(event.payload().orderId()).isEqualTo(1001);
        }
        assertThat(Emulators.approximateDepth(env.sqs(), queue.url())).isZero();
    }

    @Test
    void aHandlerThatThrowsLeavesItsMessageOnTheQueue(Emulators env) {
        TestQueue queue = env.queues().queueWithDlq("notifications");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        EventBus bus = EventBus.builder().sqs(env.sqs()).routes(Routes.builder().queue("scholarship.won", "1.0", queue.url()).build()).build();
        Handlers failing = Handlers.builder().on("scholarship.won", 1, ScholarshipWon.class, e -> {
            attempts.add(e.receiveCount());
            throw new IllegalStateException("mail server down");
        }).build();
        WorkerConfig quickRetry = FAST.withRetry(dev.eventbus.worker.retry.RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1)));

        try (Worker worker = Worker.builder().sqs(env.sqs()).queueUrl(queue.url()).handlers(failing).dedupe(redis(env))
                .config(quickRetry).build().start()) {
            bus.publish("scholarship.won", Map.of("user_id", 7, "scholarship_id", 3));
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts.size() >= 2);
        }
        assertThat(attempts).startsWith(1, 2);
        // Released at close (visible from this millisecond on): moto reads its visible and not-visible counts a moment
        // apart and can miss a message that turns visible in between, so the count is read until it settles.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(Emulators.approximateDepth(env.sqs(), queue.url()))
                .as("the failed message is still on the queue").isEqualTo(1));
    }

    private static Worker worker(Emulators env, TestQueue queue, String consumer, Handlers handlers) {
        return Worker.builder().sqs(env.sqs()).queueUrl(queue.url()).consumer(Emulators.uniqueName(consumer)).handlers(handlers)
                .dedupe(redis(env)).config(FAST).build();
    }

    private static DedupeStore redis(Emulators env) {
        return STORES.computeIfAbsent(env.redis().uri(), RedisDedupeStore::connect);
    }

    private static final Map<java.net.URI, DedupeStore> STORES = new java.util.concurrent.ConcurrentHashMap<>();
}
