package dev.eventbus.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.SubscribeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * SNS topics for the embedded demo, where no SNS exists (ElasticMQ serves SQS only): each publish is
 * sent to every subscribed queue, body and message attributes unchanged, as SNS does for a
 * subscription with raw message delivery. Only createTopic, subscribe (protocol {@code sqs}), publish
 * and publishBatch are supported; the demo needs nothing else. Thread-safe.
 */
final class LocalSns implements SnsClient {

    private final SqsClient sqs;
    private final String region;
    private final String account;
    private final Map<String, List<String>> queueUrlsByTopic = new ConcurrentHashMap<>();

    LocalSns(SqsClient sqs, String region, String account) {
        this.sqs = sqs;
        this.region = region;
        this.account = account;
    }

    @Override
    public CreateTopicResponse createTopic(CreateTopicRequest request) {
        String arn = "arn:aws:sns:" + region + ":" + account + ":" + request.name();
        queueUrlsByTopic.putIfAbsent(arn, new CopyOnWriteArrayList<>());
        return CreateTopicResponse.builder().topicArn(arn).build();
    }

    @Override
    public SubscribeResponse subscribe(SubscribeRequest request) {
        if (!"sqs".equals(request.protocol())) {
            throw new IllegalArgumentException("LocalSns delivers to SQS queues only, not " + request.protocol());
        }
        if (!"true".equals(request.attributes().get("RawMessageDelivery"))) {
            throw new IllegalArgumentException("LocalSns models raw message delivery only; set RawMessageDelivery=true");
        }
        String queueName = request.endpoint().substring(request.endpoint().lastIndexOf(':') + 1);
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        subscribers(request.topicArn()).add(queueUrl);
        return SubscribeResponse.builder().subscriptionArn(request.topicArn() + ":" + UUID.randomUUID()).build();
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
        Map<String, MessageAttributeValue> attributes = sqsAttributes(request.messageAttributes());
        for (String queueUrl : subscribers(request.topicArn())) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(request.message()).messageAttributes(attributes));
        }
        return PublishResponse.builder().messageId(UUID.randomUUID().toString()).build();
    }

    /** Each entry to every subscribed queue, as one SendMessageBatch per queue (the outbox relay publishes in batches). */
    @Override
    public PublishBatchResponse publishBatch(PublishBatchRequest request) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (PublishBatchRequestEntry entry : request.publishBatchRequestEntries()) {
            entries.add(SendMessageBatchRequestEntry.builder().id(entry.id()).messageBody(entry.message())
                    .messageAttributes(sqsAttributes(entry.messageAttributes())).build());
        }
        for (String queueUrl : subscribers(request.topicArn())) {
            var response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("LocalSns: queue " + queueUrl + " refused " + response.failed());
            }
        }
        List<PublishBatchResultEntry> published = new ArrayList<>();
        entries.forEach(e -> published.add(PublishBatchResultEntry.builder().id(e.id()).messageId(UUID.randomUUID().toString()).build()));
        return PublishBatchResponse.builder().successful(published).build();
    }

    private static Map<String, MessageAttributeValue> sqsAttributes(
            Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> snsAttributes) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        snsAttributes.forEach((name, value) -> attributes.put(name,
                MessageAttributeValue.builder().dataType(value.dataType()).stringValue(value.stringValue()).build()));
        return attributes;
    }

    /** The queues subscribed to a topic, in subscription order. */
    List<String> subscribedQueues(String topicArn) {
        return new ArrayList<>(subscribers(topicArn));
    }

    private List<String> subscribers(String topicArn) {
        List<String> queues = queueUrlsByTopic.get(topicArn);
        if (queues == null) {
            throw NotFoundException.builder().message("Topic does not exist: " + topicArn).build();
        }
        return queues;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
