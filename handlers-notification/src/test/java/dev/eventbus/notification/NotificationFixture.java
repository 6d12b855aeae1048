package dev.eventbus.notification;

import dev.eventbus.EventBus;
import dev.eventbus.notification.config.NotificationSettings;
import dev.eventbus.notification.feed.RedisFeedStore;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One notification worker as deployed, in the test JVM: its settings come from an environment map
 * through {@link NotificationSettings#fromEnvironment} (as {@code main} reads them), its queue is
 * subscribed to the catalog's topics on the test SNS, events are published through {@link EventBus},
 * and it talks to a real SMTP server, real webhook receivers and the test Redis.
 */
final class NotificationFixture implements AutoCloseable {

    static final String SECRET_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SECRET_B = "whsec_" + java.util.Base64.getEncoder().encodeToString("another-32-byte-key-for-endpoint".getBytes());
    static final String SMTP_PASSWORD = "smtp-pw-not-for-logs";

    /** An endpoint to write into the endpoints file. */
    record Endpoint(String id, WebhookReceiver receiver, String secret, List<String> events) {}

    final Emulators env;
    final TestQueues.TestQueue queue;
    final EventBus bus;
    final NotificationApp app;
    final RedisFeedStore feed;

    private NotificationFixture(Emulators env, TestQueues.TestQueue queue, EventBus bus, NotificationApp app, RedisFeedStore feed) {
        this.env = env;
        this.queue = queue;
        this.bus = bus;
        this.app = app;
        this.feed = feed;
    }

    static {
        // the worker's SQS and SES clients use the SDK's default credentials chain
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    /** The environment a deployment would set, pointing at the test servers. */
    static Map<String, String> environment(Emulators env, TestQueues.TestQueue queue, TestSmtpServer smtp, Path endpointsFile) {
        Map<String, String> e = new HashMap<>();
        e.put("QUEUE_URL", queue.url());
        e.put("AWS_REGION", env.aws().region());
        e.put("AWS_ENDPOINT_URL", env.aws().sqs().toString());
        e.put("REDIS_URL", env.redis().uri().toString());
        e.put("EMAIL_FROM", "orders@shop.example");
        e.put("EMAIL_FROM_NAME", "Shop");
        if (smtp != null) {
            e.put("SMTP_HOST", "127.0.0.1");
            e.put("SMTP_PORT", Integer.toString(smtp.port()));
            e.put("SMTP_SECURITY", "none");
            e.put("SMTP_USERNAME", "mailer");
            e.put("SMTP_PASSWORD", SMTP_PASSWORD);
            e.put("SMTP_TIMEOUT_SECONDS", "5");
        }
        if (endpointsFile != null) {
            e.put("WEBHOOK_ENDPOINTS_FILE", endpointsFile.toString());
        }
        e.put("WEBHOOK_HTTP_HOSTS", "127.0.0.1");
        e.put("WEBHOOK_PRIVATE_HOSTS", "127.0.0.1");
        e.put("ADMIN_PORT", "0");
        return e;
    }

    static Path endpointsFile(Path dir, List<Endpoint> endpoints) throws IOException {
        List<String> items = new ArrayList<>();
        for (Endpoint e : endpoints) {
            items.add("{\"id\":\"" + e.id() + "\",\"url\":\"" + e.receiver().url() + "\",\"events\":["
                    + String.join(",", e.events().stream().map(t -> "\"" + t + "\"").toList()) + "],\"secret\":\"" + e.secret() + "\"}");
        }
        return Files.writeString(dir.resolve("endpoints-" + System.nanoTime() + ".json"), "{\"endpoints\":[" + String.join(",", items) + "]}");
    }

    /** A queue subscribed to every topic the notifications consumer hears, a publisher, and the worker started on it. */
    static NotificationFixture start(Emulators env, Map<String, String> environment, TestQueues.TestQueue queue) {
        EventCatalog catalog = EventCatalog.load();
        TestQueues queues = env.queues();
        EventBus.Builder bus = EventBus.builder().sns(env.sns()).sqs(env.sqs()).source("monolith").catalog(catalog);
        for (String channel : Set.of("order-events", "user-events", "subscription-events", "billing-events")) {
            String topic = queues.topic(channel);
            queues.subscribe(topic, queue);
            bus.topic(channel, topic);
        }
        Map<String, String> e = new HashMap<>(environment);
        e.put("QUEUE_URL", queue.url());
        NotificationSettings settings = NotificationSettings.fromEnvironment(e, NotificationWorker.consumedBy(catalog, "notifications"));
        NotificationApp app = NotificationApp.start(settings, catalog);
        return new NotificationFixture(env, queue, bus.build(), app, RedisFeedStore.connect(env.redis().uri()));
    }

    static TestQueues.TestQueue queue(Emulators env) {
        return env.queues().queueWithDlq("notifications", Duration.ofSeconds(30), 5);
    }

    /** Messages on the queue (visible or in flight) and on its DLQ. */
    int[] depths() {
        return new int[] {Emulators.approximateDepth(env.sqs(), queue.url()), Emulators.approximateDepth(env.sqs(), queue.dlqUrl())};
    }

    double counter(String name, String... tags) {
        var search = app.registry().find(name);
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum()
                + search.functionCounters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        app.close();
        feed.close();
    }
}
