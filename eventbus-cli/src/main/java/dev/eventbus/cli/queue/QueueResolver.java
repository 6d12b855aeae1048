package dev.eventbus.cli.queue;

import dev.eventbus.cli.CliException;
import dev.eventbus.worker.internal.QueueSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Turns what the user typed ({@code notifications}, a queue URL, or a queue ARN) into queue URLs, and a
 * queue into its DLQ: a queue with a redrive policy stands for its DLQ; a queue without one is taken as
 * a DLQ when some queue's redrive policy names it. Blocking; one SQS call or a few per lookup.
 */
public final class QueueResolver {

    private final SqsClient sqs;

    public QueueResolver(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** The URL of the queue named by {@code given} (a name, a URL or an ARN). */
    public String url(String given) {
        if (given.startsWith("https://") || given.startsWith("http://")) {
            return given;
        }
        String name = given;
        String account = null;
        if (given.startsWith("arn:")) {
            String[] parts = given.split(":");
            if (parts.length < 6 || !parts[2].equals("sqs")) {
                throw CliException.usage("'" + given + "' is not an SQS queue ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)");
            }
            account = parts[4];
            name = parts[5];
        }
        String queueName = name;
        String owner = account;
        try {
            return sqs.getQueueUrl(r -> r.queueName(queueName).queueOwnerAWSAccountId(owner)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw CliException.refused("there is no queue named '" + queueName + "' in this account and region"
                    + " (check --region/AWS_REGION and --endpoint-url/AWS_ENDPOINT_URL)");
        }
    }

    public String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** The DLQ {@code given} names: its own DLQ if it has a redrive policy, else itself if it is some queue's DLQ. */
    public DlqTarget dlqOf(String given) {
        String url = url(given);
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY)).attributes();
        String arn = attributes.get(QueueAttributeName.QUEUE_ARN);
        String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
        if (redrive != null && !redrive.isBlank()) {
            QueueSettings settings = QueueSettings.lookup(sqs, url);
            return new DlqTarget(settings.dlqUrl(), arn(settings.dlqUrl()), url, arn, settings.maxReceiveCount(), List.of(url));
        }
        List<String> sources = sourcesOf(url);
        if (sources.isEmpty()) {
            throw CliException.refused("queue " + nameOf(url) + " has no redrive policy and no queue names it as its DLQ;"
                    + " name a queue with a DLQ, or a DLQ");
        }
        String source = sources.size() == 1 ? sources.getFirst() : null;
        int maxReceiveCount = source == null ? 0 : QueueSettings.lookup(sqs, source).maxReceiveCount();
        return new DlqTarget(url, arn, source, source == null ? null : arn(source), maxReceiveCount, sources);
    }

    /** The queues whose redrive policy names {@code dlqUrl}. */
    public List<String> sourcesOf(String dlqUrl) {
        List<String> sources = new ArrayList<>();
        sqs.listDeadLetterSourceQueuesPaginator(r -> r.queueUrl(dlqUrl)).queueUrls().forEach(sources::add);
        return sources;
    }

    /** The last path segment of a queue URL: its name. */
    public static String nameOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
