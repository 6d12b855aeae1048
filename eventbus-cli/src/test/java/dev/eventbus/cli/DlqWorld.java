package dev.eventbus.cli;

import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import dev.eventbus.worker.DeadLetter;
import dev.eventbus.worker.FailureReason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A consumer queue with its DLQ on one emulator, a Redis, and the tool pointed at both; seeds the DLQ
 * with dead letters in the worker's format (CONTRACT 1) when a test needs exact control of what is in it.
 */
final class DlqWorld {

    static final String EVENT = "order.completed";

    final SqsClient sqs;
    final TestQueue queue;
    final Cli cli;
    final URI redis;

    DlqWorld(SqsServer server, ElasticMq elasticMq, Emulators env, Duration visibility, int maxReceiveCount) {
        this.sqs = server.client(elasticMq, env);
        this.queue = new TestQueues(sqs).queueWithDlq("orders", visibility, maxReceiveCount);
        this.redis = env.redis().uri();
        this.cli = new Cli(server.endpoint(elasticMq, env), redis, server.region(env));
    }

    String dlqName() {
        return queue.name() + "-dlq";
    }

    /** An envelope v1 body for an order. */
    static String envelope(String id, String event, String version, long orderId) {
        return "{\"id\":\"" + id + "\",\"event\":\"" + event + "\",\"version\":\"" + version + "\",\"timestamp\":\"2026-11-23T10:00:00Z\","
                + "\"source\":\"test\",\"payload\":{\"order_id\":" + orderId + ",\"user_email\":\"user" + orderId + "@example.com\"}}";
    }

    /** The failure attribute a worker puts on a dead letter, written by worker-runtime's own {@link DeadLetter}. */
    String failureJson(String reason, String errorClass, String message, String fingerprint, String eventId) {
        return new DeadLetter(FailureReason.fromCode(reason), errorClass, message, fingerprint, "order.completed.v1", queue.name(), 3,
                Instant.now(), UUID.randomUUID().toString(), queue.url(), eventId, eventId == null ? null : "id:" + eventId, List.of())
                .toJson();
    }

    /** Sends {@code count} dead letters of one cause to the DLQ; answers their event ids. */
    List<String> seed(int count, String reason, String errorClass, String message, String fingerprint) {
        List<String> ids = new ArrayList<>();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            attributes.put(MessageAttributes.EVENT_TYPE, string(EVENT));
            attributes.put(MessageAttributes.EVENT_VERSION, string("1.0"));
            attributes.put("traceparent", string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            attributes.put("eventbus.failure", string(failureJson(reason, errorClass, message, fingerprint, id)));
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size())).messageBody(envelope(id, EVENT, "1.0", 1000 + i))
                    .messageAttributes(attributes).build());
            if (batch.size() == 10 || i == count - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                var failed = sqs.sendMessageBatch(r -> r.queueUrl(queue.dlqUrl()).entries(entries)).failed();
                if (!failed.isEmpty()) {
                    throw new IllegalStateException("seeding failed: " + failed);
                }
                batch.clear();
            }
        }
        return ids;
    }

    static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Approximate visible messages of a queue. */
    int visible(String url) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** Approximate visible plus in-flight messages of a queue. */
    int depth(String url) {
        return Emulators.approximateDepth(sqs, url);
    }

    /** Receives (and deletes) every message on a queue until {@code expected} came or {@code within} passed. */
    List<Message> drain(String url, int expected, Duration within) {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (got.size() < expected && System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").visibilityTimeout(30)).messages();
            for (Message m : batch) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            got.addAll(batch);
        }
        return got;
    }
}
