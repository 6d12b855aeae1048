package dev.eventbus.demo;

import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import dev.eventbus.PublishReceipt;
import dev.eventbus.SchemaViolationException;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.events.ScholarshipWonV1;
import dev.eventbus.events.Upcasters;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.DeadLetter;
import dev.eventbus.worker.Event;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.InMemoryDedupeStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs the event bus end to end on ElasticMQ embedded in this JVM, routed and checked by the event
 * catalog: publishes orders (fanned out to the notification and analytics consumers) and a scholarship
 * (point-to-point to the monolith), retries one publish with the same event id, sends one message in the
 * monolith's older format and one malformed message, and shows a payload rejected before sending. The
 * analytics consumer has migrated to order.completed v2 and reads v1 messages through the upcaster.
 * Then {@link OutboxDemo} publishes from a database transaction through the outbox, on an embedded PostgreSQL.
 * Prints what each consumer did and exits 0 when every outcome is as expected (1 otherwise).
 */
public final class Demo {

    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Two orders and one older-format order, each to two consumers, plus one scholarship. */
    private static final int EXPECTED_HANDLED = 7;
    /** The publisher retry of one order reaches both consumers. */
    private static final int EXPECTED_DUPLICATES = 2;

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

    /** Runs the demo; true when every outcome was as expected within the timeout. */
    boolean run() throws Exception {
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

    private boolean runOn(SqsClient sqs) throws Exception {
        EventCatalog catalog = EventCatalog.load();
        String notificationsQueue = createQueueWithDlq(sqs, "notifications");
        String analyticsQueue = createQueueWithDlq(sqs, "analytics");
        String monolithQueue = createQueueWithDlq(sqs, "monolith-inbox");
        LocalSns sns = new LocalSns(sqs, REGION, ACCOUNT);
        String orderEvents = sns.createTopic(r -> r.name("order-events")).topicArn();
        for (String queue : List.of("notifications", "analytics")) {
            sns.subscribe(r -> r.topicArn(orderEvents).protocol("sqs").endpoint("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queue)
                    .attributes(Map.of("RawMessageDelivery", "true")));
        }
        out.println("  catalog: " + catalog.events().size() + " events; order.completed -> topic order-events -> queues "
                + "notifications, analytics (raw delivery); scholarship.won -> queue monolith-inbox");
        out.println();

        EventBus bus = EventBus.builder().sns(sns).sqs(sqs).source("monolith")
                .catalog(catalog)
                .topic("order-events", orderEvents)
                .queue("monolith-inbox", monolithQueue)
                .build();

        CountDownLatch handled = new CountDownLatch(EXPECTED_HANDLED);
        AtomicLong revenueMinor = new AtomicLong();
        Handlers notifications = Handlers.builder()
                .on(Events.ORDER_COMPLETED_V1, e -> {
                    e.once("send-confirmation", () -> say("notifications", e, "order confirmation for order "
                            + e.payload().orderId() + " to " + maskEmail(e.payload().userEmail())));
                    handled.countDown();
                })
                .build();
        Handlers analytics = Handlers.builder()
                .on(Events.ORDER_COMPLETED_V2, e -> {
                    long total = revenueMinor.addAndGet(e.payload().totalMinor());
                    say("analytics", e, "v2 handler (upcast from " + e.version() + "): revenue " + e.payload().currency() + " +"
                            + money(e.payload().totalMinor()) + " = " + money(total));
                    handled.countDown();
                })
                .upcasters(Upcasters.all())
                .build();
        Handlers monolith = Handlers.builder()
                .on(Events.SCHOLARSHIP_WON_V1, e -> {
                    say("monolith", e, "\"" + e.payload().scholarshipName() + "\" (" + e.payload().discountPercent()
                            + "% off, coupon " + e.payload().couponCode() + ") awarded to user " + e.payload().userId());
                    handled.countDown();
                })
                .build();

        // One process, so an in-memory dedupe store will do; a deployed worker uses RedisDedupeStore.
        DedupeStore dedupe = new InMemoryDedupeStore();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WorkerConfig config = WorkerConfig.defaults().withWaitTime(Duration.ofSeconds(1)).withShutdownGrace(Duration.ofSeconds(5));
        List<Worker> workers = new ArrayList<>();
        try {
            workers.add(worker(sqs, notificationsQueue, "notifications", notifications, catalog, dedupe, meters, config));
            workers.add(worker(sqs, analyticsQueue, "analytics", analytics, catalog, dedupe, meters, config));
            workers.add(worker(sqs, monolithQueue, "monolith", monolith, catalog, dedupe, meters, config));

            PublishReceipt first = bus.publish(Events.ORDER_COMPLETED_V1, order(1001, "alice@example.com", "19.90", 1990));
            published(first, "fan-out");
            published(bus.publish(Events.ORDER_COMPLETED_V1, order(1002, "bob@example.com", "5.00", 500)), "fan-out");
            published(bus.publish(Events.SCHOLARSHIP_WON_V1, new ScholarshipWonV1(7, 3, "Top of the class", 50, "TOP50", 1,
                    Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-12-23T10:00:00Z"))), "point-to-point");
            published(bus.publish(OutgoingEvent.of(Events.ORDER_COMPLETED_V1, order(1001, "alice@example.com", "19.90", 1990))
                    .withId(first.eventId())), "a publisher retry with the same id");
            sendLegacyOrder(sqs, List.of(notificationsQueue, analyticsQueue));
            sqs.sendMessage(r -> r.queueUrl(notificationsQueue).messageBody("{\"event\": \"order.completed\", \"payload\": {"));
            out.printf("sent      a truncated, malformed message -> queue notifications%n");
            try {
                bus.publish("order.completed", Map.of("order_id", 1004, "user_id", 9, "total", "1.00", "currency", "EUR",
                        "line_items", List.of(Map.of("sku", "D-4", "qty", 0))));
            } catch (SchemaViolationException e) {
                out.printf("rejected  order.completed  %s before sending: %d violations%n", e.version(), e.violations().size());
                e.violations().forEach(v -> out.println("            " + v));
            }
            out.println();

            workers.forEach(Worker::start);
            boolean allHandled = handled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<Message> deadLetters = awaitDeadLetters(sqs, notificationsQueue, 1);
            waitFor(() -> count(meters, "eventbus.worker.dedupe.hits") >= EXPECTED_DUPLICATES);
            workers.forEach(Worker::close);
            int left = depth(sqs, notificationsQueue) + depth(sqs, analyticsQueue) + depth(sqs, monolithQueue);
            long duplicates = Math.round(count(meters, "eventbus.worker.dedupe.hits"));

            out.println();
            out.printf("outcomes: %d handled, %d duplicates acked without running a handler, %d dead-lettered%n",
                    EXPECTED_HANDLED - handled.getCount(), duplicates, deadLetters.size());
            for (Message dead : deadLetters) {
                DeadLetter letter = DeadLetter.fromAttributes(dead.messageAttributes()).orElseThrow();
                out.printf("  DLQ notifications-dlq: reason=%s attempts=%d error=\"%s\"%n", letter.reason().code(), letter.attempts(),
                        letter.errorMessage());
            }
            out.println();
            boolean outbox = new OutboxDemo(out).run(sqs, bus, List.of(notificationsQueue, analyticsQueue));
            out.println();
            boolean ok = allHandled && duplicates == EXPECTED_DUPLICATES && deadLetters.size() == 1 && left == 0 && outbox;
            out.println(ok ? "queues empty; every message handled, deduplicated or dead-lettered with its reason."
                    : "FAILED: expected " + EXPECTED_HANDLED + " handled, " + EXPECTED_DUPLICATES + " duplicates, 1 dead letter and empty queues; "
                            + left + " messages are left on the queues.");
            boolean notified = new NotificationDemo(out).run(sqs, sns, REGION, ACCOUNT);
            out.println("on call: ./scripts/demo --on-call leaves a worker and its DLQ running to try ./scripts/eventbus dlq stats | show | replay on");
            return notified && ok;
        } finally {
            workers.forEach(Worker::close);
        }
    }

    private static Worker worker(SqsClient sqs, String queue, String consumer, Handlers handlers, EventCatalog catalog, DedupeStore dedupe,
            SimpleMeterRegistry meters, WorkerConfig config) {
        return Worker.builder().sqs(sqs).queueUrl(queue).consumer(consumer).handlers(handlers).catalog(catalog).dedupe(dedupe)
                .meterRegistry(meters).config(config).build();
    }

    private static OrderCompletedV1 order(long id, String email, String total, long cents) {
        return new OrderCompletedV1(id, 7, email, total, cents, "EUR", List.of(new OrderCompletedV1.LineItem("A-" + id, 1, "Notebook")),
                Instant.parse("2026-11-23T10:15:30Z"));
    }

    private void published(PublishReceipt receipt, String how) {
        out.printf("published %-16s %s id=%s -> %s (%s)%n", receipt.event(), receipt.version(), receipt.eventId(),
                name(receipt.destination().toString()), how);
    }

    private synchronized void say(String consumer, Event<?> event, String what) {
        out.printf("  [%-13s] handled %-16s %s id=%s: %s%n", consumer, event.type(), event.version(),
                event.id() == null ? "(none: older format)" : event.id(), what);
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
        out.printf("sent      %-16s 1.0 in the monolith's older format (no id) -> queues notifications, analytics%n", "order.completed");
    }

    private static List<Message> awaitDeadLetters(SqsClient sqs, String queueUrl, int expected) throws InterruptedException {
        String dlq = queueUrl + "-dlq";
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (messages.size() < expected && System.nanoTime() < deadline) {
            messages.addAll(sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All"))
                    .messages());
        }
        return messages;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static double count(SimpleMeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
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

    private static String money(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
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
