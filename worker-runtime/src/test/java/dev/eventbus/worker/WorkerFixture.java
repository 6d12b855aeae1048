package dev.eventbus.worker;

import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import dev.eventbus.PublishReceipt;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.routing.Routes;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import dev.eventbus.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One consumer's world for an integration test: a queue with a DLQ, a publisher routing
 * {@code order.completed} to it, a Redis dedupe store, and workers built with test-speed settings
 * (short long polls, fast acks and backoff). Closes every worker it built, then the store.
 */
final class WorkerFixture implements AutoCloseable {

    static final String EVENT = "order.completed";

    record Order(long orderId, String userEmail) {}

    static final WorkerConfig FAST = WorkerConfig.defaults()
            .withWaitTime(Duration.ofSeconds(1))
            .withShutdownGrace(Duration.ofSeconds(5))
            .withAckFlushInterval(Duration.ofMillis(20))
            .withRetry(RetryPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(4)));

    final SqsClient sqs;
    final TestQueue queue;
    final EventBus bus;
    final RedisDedupeStore store;
    final String consumer;
    private final List<Worker> workers = new ArrayList<>();

    WorkerFixture(SqsClient sqs, TestQueues queues, URI redis, Duration visibility, int maxReceiveCount) {
        this(sqs, queues, redis, visibility, maxReceiveCount, Emulators.uniqueName("notifications"));
    }

    /** A fixture whose workers consume as {@code consumer} (a name the catalog lists, say). */
    WorkerFixture(SqsClient sqs, TestQueues queues, URI redis, Duration visibility, int maxReceiveCount, String consumer) {
        this.sqs = sqs;
        this.queue = queues.queueWithDlq("orders", visibility, maxReceiveCount);
        this.bus = EventBus.builder().sqs(sqs).source("test").routes(Routes.builder().queue(EVENT, "1.0", queue.url()).build()).build();
        this.store = RedisDedupeStore.connect(redis);
        this.consumer = consumer;
    }

    /** A worker builder for this queue, consumer and store; the fixture closes what it builds. */
    Worker.Builder worker(Handlers handlers) {
        return Worker.builder().sqs(sqs).queueUrl(queue.url()).consumer(consumer).handlers(handlers).dedupe(store).config(FAST);
    }

    Worker start(Worker.Builder builder) {
        Worker worker = builder.build();
        workers.add(worker);
        return worker.start();
    }

    Worker start(Handlers handlers, SimpleMeterRegistry registry) {
        return start(worker(handlers).meterRegistry(registry));
    }

    PublishReceipt publish(long orderId) {
        return bus.publish(EVENT, Map.of("order_id", orderId, "user_email", "user" + orderId + "@example.com"));
    }

    PublishReceipt publish(OutgoingEvent event) {
        return bus.publish(event);
    }

    static OutgoingEvent order(long orderId) {
        return OutgoingEvent.of(EVENT, Map.of("order_id", orderId, "user_email", "user" + orderId + "@example.com"));
    }

    /** Sends a body as is, with an EventType attribute when {@code eventType} is not null. */
    void sendRaw(String body, String eventType) {
        sqs.sendMessage(r -> {
            r.queueUrl(queue.url()).messageBody(body);
            if (eventType != null) {
                r.messageAttributes(Map.of(MessageAttributes.EVENT_TYPE,
                        MessageAttributeValue.builder().dataType("String").stringValue(eventType).build()));
            }
        });
    }

    /** Sends a body as is, with exactly these message attributes. */
    void sendRaw(String body, Map<String, MessageAttributeValue> attributes) {
        sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody(body).messageAttributes(attributes));
    }

    static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    List<Message> deadLetters(int expected, Duration within) {
        return Emulators.receive(sqs, queue.dlqUrl(), expected, within);
    }

    int depth() {
        return Emulators.approximateDepth(sqs, queue.url());
    }

    /** Messages on the queue that a receive would return now. */
    int visible() {
        return attribute(software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    /** Messages on the queue that someone received and has neither deleted nor released. */
    int invisible() {
        return attribute(software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    private int attribute(software.amazon.awssdk.services.sqs.model.QueueAttributeName name) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(name)).attributes().get(name));
    }

    int dlqDepth() {
        return Emulators.approximateDepth(sqs, queue.dlqUrl());
    }

    /** The sum of every series of counter {@code name} that has {@code tags}. */
    static double counter(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    static double gauge(SimpleMeterRegistry registry, String name) {
        var gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    @Override
    public void close() {
        workers.forEach(Worker::close);
        store.close();
    }
}
