package dev.eventbus.demo;

import dev.eventbus.EventBus;
import dev.eventbus.PublishReceipt;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.routing.Routes;
import dev.eventbus.worker.Event;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.InMemoryDedupeStore;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs the event bus end to end on ElasticMQ embedded in this JVM: creates the queues, publishes an
 * order (fanned out to the notification and analytics consumers) and a scholarship (point-to-point to
 * the monolith), sends one message in the monolith's older format, runs the three workers, prints what
 * each did, and exits 0 when every delivery was handled (1 otherwise).
 */
public final class Demo {

    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    record LineItem(String sku, int qty) {}

    record OrderCompleted(long orderId, long userId, String userEmail, String total, String currency, List<LineItem> lineItems) {}

    record ScholarshipWon(long userId, long scholarshipId, String scholarshipName) {}

    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new Demo(System.out).run() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("demo failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        // ElasticMQ's threads are not daemons; exit explicitly so nothing can keep the JVM alive.
        System.exit(status);
    }

    /** Runs the demo; true when every expected delivery was handled within the timeout. */
    boolean run() throws InterruptedException {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion(REGION).withAWSAccountId(ACCOUNT).start();
        try {
            int port = ((InetSocketAddress) server.waitUntilStarted().localAddress()).getPort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            try (SqsClient sqs = SqsClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.of(REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")))
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                    .build()) {
                out.println("eventbus demo: ElasticMQ embedded at " + endpoint + " (no AWS account, no Docker)");
                return runOn(sqs);
            }
        } finally {
            server.stopAndGetFuture().apply();
        }
    }

    private boolean runOn(SqsClient sqs) throws InterruptedException {
        String notificationsQueue = createQueueWithDlq(sqs, "notifications");
        String analyticsQueue = createQueueWithDlq(sqs, "analytics");
        String monolithQueue = createQueueWithDlq(sqs, "monolith-inbox");
        LocalSns sns = new LocalSns(sqs, REGION, ACCOUNT);
        String orderEvents = sns.createTopic(r -> r.name("order-events")).topicArn();
        for (String queue : List.of("notifications", "analytics")) {
            sns.subscribe(r -> r.topicArn(orderEvents).protocol("sqs").endpoint("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queue)
                    .attributes(Map.of("RawMessageDelivery", "true")));
        }
        out.println("  topic order-events -> queues notifications, analytics (raw delivery); queue monolith-inbox");
        out.println();

        EventBus bus = EventBus.builder().sns(sns).sqs(sqs).source("monolith")
                .routes(Routes.builder()
                        .topic("order.completed", "1.0", orderEvents)
                        .queue("scholarship.won", "1.0", monolithQueue)
                        .build())
                .build();

        // Two orders through the bus, one from older monolith code, fanned out to two consumers: 6 deliveries.
        // One scholarship, point-to-point: 1 delivery.
        CountDownLatch deliveries = new CountDownLatch(7);
        AtomicReference<BigDecimal> revenue = new AtomicReference<>(BigDecimal.ZERO);
        Handlers notifications = Handlers.builder()
                .on("order.completed", 1, OrderCompleted.class, e -> {
                    say("notifications", e, "order confirmation for order " + e.payload().orderId() + " to "
                            + maskEmail(e.payload().userEmail()));
                    deliveries.countDown();
                })
                .build();
        Handlers analytics = Handlers.builder()
                .on("order.completed", 1, OrderCompleted.class, e -> {
                    BigDecimal total = revenue.accumulateAndGet(new BigDecimal(e.payload().total()), BigDecimal::add);
                    say("analytics", e, "revenue " + e.payload().currency() + " +" + e.payload().total() + " = " + total);
                    deliveries.countDown();
                })
                .build();
        Handlers monolith = Handlers.builder()
                .on("scholarship.won", 1, ScholarshipWon.class, e -> {
                    say("monolith", e, "\"" + e.payload().scholarshipName() + "\" awarded to user " + e.payload().userId());
                    deliveries.countDown();
                })
                .build();

        // One process, so an in-memory dedupe store will do; a deployed worker uses RedisDedupeStore.
        DedupeStore dedupe = new InMemoryDedupeStore();
        List<Worker> workers = new ArrayList<>();
        WorkerConfig config = WorkerConfig.defaults().withWaitTime(Duration.ofSeconds(1)).withShutdownGrace(Duration.ofSeconds(5));
        try {
            workers.add(Worker.builder().sqs(sqs).queueUrl(notificationsQueue).consumer("notifications").handlers(notifications).dedupe(dedupe).config(config).build());
            workers.add(Worker.builder().sqs(sqs).queueUrl(analyticsQueue).consumer("analytics").handlers(analytics).dedupe(dedupe).config(config).build());
            workers.add(Worker.builder().sqs(sqs).queueUrl(monolithQueue).consumer("monolith").handlers(monolith).dedupe(dedupe).config(config).build());

            published(bus.publish("order.completed", Map.of("order_id", 1001, "user_id", 7, "user_email", "alice@example.com",
                    "total", "19.90", "currency", "EUR", "line_items", List.of(Map.of("sku", "A-1", "qty", 2)))), "fan-out");
            published(bus.publish("order.completed", Map.of("order_id", 1002, "user_id", 8, "user_email", "bob@example.com",
                    "total", "5.00", "currency", "EUR", "line_items", List.of(Map.of("sku", "B-7", "qty", 1)))), "fan-out");
            published(bus.publish("scholarship.won", Map.of("user_id", 7, "scholarship_id", 3, "scholarship_name", "Top of the class")),
                    "point-to-point");
            sendLegacyOrder(sqs, List.of(notificationsQueue, analyticsQueue));
            out.println();

            workers.forEach(Worker::start);
            boolean allHandled = deliveries.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            workers.forEach(Worker::close);
            int left = depth(sqs, notificationsQueue) + depth(sqs, analyticsQueue) + depth(sqs, monolithQueue);
            out.println();
            if (allHandled && left == 0) {
                out.println("7 deliveries of 4 events handled (3 published through EventBus, 1 in the monolith's older format); queues empty.");
                return true;
            }
            out.println("FAILED: " + deliveries.getCount() + " deliveries not handled within " + TIMEOUT.toSeconds() + " s; "
                    + left + " messages left on the queues.");
            return false;
        } finally {
            workers.forEach(Worker::close);
        }
    }

    private void published(PublishReceipt receipt, String how) {
        out.printf("published %-16s %s id=%s -> %s (%s)%n", receipt.event(), receipt.version(), receipt.eventId(),
                name(receipt.destination().toString()), how);
    }

    private synchronized void say(String consumer, Event<?> event, String what) {
        out.printf("  [%-13s] handled %-16s id=%s: %s%n", consumer, event.type(), event.id() == null ? "(none, older format)" : event.id(), what);
    }

    /** What the monolith's Ruby EventBus sends: no id, version "1.0", the EventType attribute. SNS copies it to both queues. */
    private void sendLegacyOrder(SqsClient sqs, List<String> queues) {
        String body = """
                {"event":"order.completed","payload":{"order_id":1003,"user_id":9,"user_email":"carol@example.com",\
                "total":"42.00","currency":"EUR","line_items":[{"sku":"C-3","qty":6}]},"timestamp":"2026-11-23T10:15:30Z","version":"1.0"}""";
        for (String queue : queues) {
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body).messageAttributes(Map.of(MessageAttributes.EVENT_TYPE,
                    MessageAttributeValue.builder().dataType("String").stringValue("order.completed").build())));
        }
        out.printf("sent      %-16s 1.0 (monolith's older format, no id) -> queues notifications, analytics%n", "order.completed");
    }

    private static String createQueueWithDlq(SqsClient sqs, String name) {
        sqs.createQueue(r -> r.queueName(name + "-dlq"));
        String dlqArn = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name + "-dlq";
        return sqs.createQueue(r -> r.queueName(name).attributes(Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                        QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":5}")))
                .queueUrl();
    }

    private static int depth(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String name(String destination) {
        int slash = destination.lastIndexOf('/');
        int colon = destination.lastIndexOf(':');
        String kind = destination.substring(0, destination.indexOf(' '));
        return kind + " " + destination.substring(Math.max(slash, colon) + 1);
    }

    static String maskEmail(String email) {
        int at = email.indexOf('@');
        return at <= 1 ? "***" + email.substring(Math.max(at, 0)) : email.charAt(0) + "***" + email.substring(at);
    }
}
