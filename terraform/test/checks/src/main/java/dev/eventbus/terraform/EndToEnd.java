package dev.eventbus.terraform;

import dev.eventbus.EventBus;
import dev.eventbus.PublishReceipt;
import dev.eventbus.events.Events;
import dev.eventbus.schema.ConsumerSettings;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.terraform.TerraformState.Resource;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.InMemoryDedupeStore;
import dev.eventbus.worker.retry.RetryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Runs the real worker against what the example's plan declares, once terraform/test/e2e/apply-to-moto
 * has created it in moto: events published with {@code EventBus} to the declared topics reach exactly
 * the queues whose filter policies let them through, and a message whose handler always fails reaches
 * the declared DLQ after the catalog's maxReceiveCount receives.
 *
 * <pre>
 * java dev.eventbus.terraform.EndToEnd ENDPOINT REGION CATALOG_ROOT STATE_JSON [NAME_PREFIX]
 * </pre>
 *
 * Prints what it saw; exits 1 when an expectation fails.
 */
public final class EndToEnd {

    private static final long POISON_ORDER = 666_000_666L;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(4);

    private final SqsClient sqs;
    private final EventCatalog catalog;
    private final String prefix;
    private final EventBus bus;
    private final Map<String, String> handled = new ConcurrentHashMap<>();
    private final AtomicInteger poisonAttempts = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();

    private EndToEnd(SqsClient sqs, SnsClient sns, EventCatalog catalog, TerraformState state, String prefix) {
        this.sqs = sqs;
        this.catalog = catalog;
        this.prefix = prefix;
        EventBus.Builder bus = EventBus.builder().sns(sns).sqs(sqs).source("check-terraform").catalog(catalog);
        for (EventDefinition event : catalog.events()) {
            String channel = event.channel().name();
            if (event.channel().isFanOut()) {
                Resource topic = state.find("aws_sns_topic", "name", prefix + channel)
                        .orElseThrow(() -> new IllegalStateException("the plan declares no topic " + prefix + channel));
                bus.topic(channel, topic.text("arn").orElseThrow());
            } else {
                bus.queue(channel, queueUrl(channel));
            }
        }
        this.bus = bus.build();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: EndToEnd ENDPOINT REGION CATALOG_ROOT STATE_JSON [NAME_PREFIX]");
            System.exit(2);
        }
        URI endpoint = URI.create(args[0]);
        Region region = Region.of(args[1]);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        try (SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                        .httpClientBuilder(ApacheHttpClient.builder()).build();
                SnsClient sns = SnsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                        .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            EventCatalog catalog = EventCatalog.load(Path.of(args[2]));
            TerraformState state = TerraformState.read(Path.of(args[3]));
            List<String> failures = new EndToEnd(sqs, sns, catalog, state, args.length == 5 ? args[4] : "").run();
            if (!failures.isEmpty()) {
                failures.forEach(f -> System.out.println("FAIL: " + f));
                System.exit(1);
            }
            System.out.println("OK: the worker ran end to end on what the plan declares");
        }
    }

    List<String> run() throws InterruptedException {
        ConsumerSettings notifications = catalog.consumer("notifications").orElseThrow();
        Handlers handlers = Handlers.builder()
                .on(Events.ORDER_COMPLETED_V1, event -> {
                    if (event.payload().orderId() == POISON_ORDER) {
                        poisonAttempts.incrementAndGet();
                        throw new IllegalStateException("poison: this order's handler always fails");
                    }
                    handled.put(event.id(), event.type());
                })
                .on(Events.CHARGE_REVERSED_V1, event -> handled.put(event.id(), event.type()))
                .on(Events.CHARGE_SUCCEEDED_V1, event -> handled.put(event.id(), event.type()))
                .build();
        WorkerConfig config = WorkerConfig.defaults()
                .withHandlerTimeout(notifications.handlerTimeout())
                .withWaitTime(Duration.ofSeconds(1))
                .withShutdownGrace(Duration.ofSeconds(5))
                .withRetry(RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        try (Worker worker = Worker.builder().sqs(sqs).queueUrl(queueUrl(notifications.queue())).consumer("notifications")
                .catalog(catalog).dedupe(new InMemoryDedupeStore()).config(config).handlers(handlers).build().start()) {
            orderCompletedReachesNotificationsAndAnalytics();
            chargeReversedReachesNotificationsButNotSubscriptions();
            aPoisonMessageReachesTheDlqAfterMaxReceiveCount(notifications);
        }
        return failures;
    }

    private void orderCompletedReachesNotificationsAndAnalytics() throws InterruptedException {
        PublishReceipt order = bus.publish("order.completed", order(1001));
        boolean handledByWorker = await(() -> handled.containsKey(order.eventId()));
        List<Message> atAnalytics = receiveAll("analytics", DEADLINE, order.eventId());
        List<String> analytics = eventIds(atAnalytics);
        for (Message message : atAnalytics) {
            if (!message.messageAttributes().containsKey("EventType")) {
                failures.add("a message on queue analytics lost its EventType attribute (raw message delivery keeps attributes)");
            }
        }
        if (!handledByWorker) {
            failures.add("order.completed " + order.eventId() + " published to " + prefix + "order-events did not reach the notifications worker");
        }
        if (!analytics.contains(order.eventId())) {
            failures.add("order.completed " + order.eventId() + " published to " + prefix + "order-events did not reach queue analytics");
        }
        if (handledByWorker && analytics.contains(order.eventId())) {
            System.out.println("e2e: order.completed " + order.eventId() + " published to topic " + prefix
                    + "order-events reached queue notifications (handled by the worker) and queue analytics");
        }
    }

    private void chargeReversedReachesNotificationsButNotSubscriptions() throws InterruptedException {
        PublishReceipt reversed = bus.publish("charge.reversed", Map.of(
                "reversal_id", "re_1", "charge_id", "ch_1", "account_id", "acct_1", "amount_minor", 1999, "currency", "EUR",
                "reason", "the plan could not be activated", "reversed_at", Instant.now().toString()));
        PublishReceipt succeeded = bus.publish("charge.succeeded", Map.of(
                "charge_id", "ch_2", "account_id", "acct_2", "plan_id", "pro-monthly", "amount_minor", 1999, "currency", "EUR",
                "charged_at", Instant.now().toString()));
        boolean reachedNotifications = await(() -> handled.containsKey(reversed.eventId()) && handled.containsKey(succeeded.eventId()));
        // charge.succeeded went out after charge.reversed: once it is on the queue, charge.reversed would be too.
        List<String> atSubscriptions = eventIds(receiveAll("subscriptions", DEADLINE, succeeded.eventId()));
        atSubscriptions.addAll(eventIds(receiveAll("subscriptions", QUIET, null)));
        if (!reachedNotifications) {
            failures.add("charge.reversed " + reversed.eventId() + " or charge.succeeded " + succeeded.eventId() + " published to "
                    + prefix + "billing-events did not reach the notifications worker");
        }
        if (atSubscriptions.contains(reversed.eventId())) {
            failures.add("charge.reversed " + reversed.eventId() + " reached queue subscriptions, whose filter policy should let"
                    + " only charge.succeeded through");
        }
        if (!atSubscriptions.contains(succeeded.eventId())) {
            failures.add("charge.succeeded " + succeeded.eventId() + " published to " + prefix + "billing-events did not reach queue"
                    + " subscriptions");
        }
        if (reachedNotifications && !atSubscriptions.contains(reversed.eventId()) && atSubscriptions.contains(succeeded.eventId())) {
            System.out.println("e2e: charge.reversed " + reversed.eventId() + " published to topic " + prefix + "billing-events reached"
                    + " queue notifications and not queue subscriptions, whose filter policy let only charge.succeeded "
                    + succeeded.eventId() + " through");
        }
    }

    private void aPoisonMessageReachesTheDlqAfterMaxReceiveCount(ConsumerSettings notifications) throws InterruptedException {
        PublishReceipt poison = bus.publish("order.completed", order(POISON_ORDER));
        String dlq = notifications.dlq();
        List<Message> dead = receiveAll(dlq, DEADLINE, poison.eventId());
        boolean inDlq = eventIds(dead).contains(poison.eventId());
        int attempts = poisonAttempts.get();
        if (!inDlq) {
            failures.add("the poison order.completed " + poison.eventId() + " did not reach " + prefix + dlq + " within "
                    + DEADLINE.toSeconds() + " s (its handler ran " + attempts + " times)");
        } else if (attempts != notifications.maxReceiveCount()) {
            failures.add("the poison order.completed " + poison.eventId() + " reached " + prefix + dlq + " after " + attempts
                    + " handler runs, not the catalog's maxReceiveCount " + notifications.maxReceiveCount());
        } else {
            String receives = dead.stream().filter(m -> m.body().contains(poison.eventId())).findFirst()
                    .map(m -> m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .orElse("?");
            System.out.println("e2e: a poison order.completed " + poison.eventId() + " failed " + attempts + " times (maxReceiveCount "
                    + notifications.maxReceiveCount() + " in the catalog) and SQS moved it to queue " + prefix + dlq
                    + " (receive count there: " + receives + ")");
        }
    }

    private static Map<String, Object> order(long orderId) {
        return Map.of("order_id", orderId, "user_id", 7, "user_email", "a@example.com", "total", "19.90", "currency", "EUR",
                "line_items", List.of(Map.of("sku", "A-1", "qty", 2)));
    }

    private String queueUrl(String logicalName) {
        return sqs.getQueueUrl(r -> r.queueName(prefix + logicalName)).queueUrl();
    }

    /**
     * Receives (and deletes) from a queue until a message carrying {@code eventId} arrived or {@code wait}
     * passed; with a null id, everything that arrives within {@code wait}.
     */
    private List<Message> receiveAll(String queue, Duration wait, String eventId) throws InterruptedException {
        String url = queueUrl(queue);
        List<Message> received = new ArrayList<>();
        Instant end = Instant.now().plus(wait);
        while (Instant.now().isBefore(end) && (eventId == null || !eventIds(received).contains(eventId))) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            for (Message message : batch) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            received.addAll(batch);
        }
        return received;
    }

    private static List<String> eventIds(List<Message> messages) {
        List<String> ids = new ArrayList<>();
        for (Message message : messages) {
            ids.add(TerraformState.JSON.readTree(message.body()).path("id").asString(""));
        }
        return ids;
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
