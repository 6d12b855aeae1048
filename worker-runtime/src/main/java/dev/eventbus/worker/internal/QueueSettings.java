package dev.eventbus.worker.internal;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the worker needs to know about its queue, read once at start: its ARN, visibility timeout, and
 * from its redrive policy the DLQ and maxReceiveCount (both {@code null}/0 when it has none).
 */
public record QueueSettings(String arn, Duration visibilityTimeout, String dlqUrl, int maxReceiveCount) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static QueueSettings lookup(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.QUEUE_ARN, QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                .attributes();
        Duration visibility = Duration.ofSeconds(Long.parseLong(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
        if (redrive == null || redrive.isBlank()) {
            return new QueueSettings(attributes.get(QueueAttributeName.QUEUE_ARN), visibility, null, 0);
        }
        JsonNode policy = JSON.readTree(redrive);
        String dlqArn = policy.path("deadLetterTargetArn").asString();
        int maxReceiveCount = policy.path("maxReceiveCount").asInt(0);
        String[] parts = dlqArn.split(":");
        if (parts.length < 6) {
            throw new IllegalStateException("queue " + queueUrl + " has a redrive policy with an unreadable DLQ ARN: " + dlqArn);
        }
        String account = parts[4];
        String name = parts[5];
        String dlqUrl = sqs.getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId(account)).queueUrl();
        return new QueueSettings(attributes.get(QueueAttributeName.QUEUE_ARN), visibility, dlqUrl, maxReceiveCount);
    }

    public boolean hasDlq() {
        return dlqUrl != null;
    }
}
