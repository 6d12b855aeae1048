package dev.eventbus.testing;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates uniquely named queues (each with a DLQ and redrive policy), topics and raw subscriptions. */
public final class TestQueues {

    /** A consumer queue and its dead-letter queue. */
    public record TestQueue(String name, String url, String arn, String dlqUrl, String dlqArn, int maxReceiveCount) {}

    private final SqsClient sqs;
    private final SnsClient sns;

    TestQueues(SqsClient sqs, SnsClient sns) {
        this.sqs = sqs;
        this.sns = sns;
    }

    public TestQueues(SqsClient sqs) {
        this(sqs, null);
    }

    /** A queue with visibility timeout 30 s and a DLQ after 5 receives. */
    public TestQueue queueWithDlq(String prefix) {
        return queueWithDlq(prefix, Duration.ofSeconds(30), 5);
    }

    public TestQueue queueWithDlq(String prefix, Duration visibilityTimeout, int maxReceiveCount) {
        String name = Emulators.uniqueName(prefix);
        String dlqUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")
                        .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")))
                .queueUrl();
        String dlqArn = arnOf(dlqUrl);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}";
        String url = sqs.createQueue(r -> r.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                                QueueAttributeName.REDRIVE_POLICY, redrive)))
                .queueUrl();
        return new TestQueue(name, url, arnOf(url), dlqUrl, dlqArn, maxReceiveCount);
    }

    /** An SNS topic. */
    public String topic(String prefix) {
        return requireSns().createTopic(r -> r.name(Emulators.uniqueName(prefix))).topicArn();
    }

    /** Subscribes a queue to a topic with raw message delivery, as production subscriptions are. */
    public void subscribe(String topicArn, TestQueue queue) {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},\
                "Action":"sqs:SendMessage","Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
                .formatted(queue.arn(), topicArn);
        sqs.setQueueAttributes(r -> r.queueUrl(queue.url()).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        requireSns().subscribe(r -> r.topicArn(topicArn)
                .protocol("sqs")
                .endpoint(queue.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));
    }

    public String arnOf(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private SnsClient requireSns() {
        if (sns == null) {
            throw new IllegalStateException("these queues were created without an SNS client");
        }
        return sns;
    }
}
