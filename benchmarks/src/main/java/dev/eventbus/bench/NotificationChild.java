package dev.eventbus.bench;

import dev.eventbus.notification.NotificationApp;
import dev.eventbus.notification.config.NotificationSettings;
import dev.eventbus.schema.EventCatalog;
import io.micrometer.core.instrument.search.Search;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The notification worker in a JVM of its own, for {@link NotificationPhase}: the deployable wiring
 * ({@link NotificationApp}, configured from an environment map as its {@code main} is) against the
 * orchestrator's ElasticMQ, redis-server, SMTP server and webhook receiver. Warms up on one queue, says
 * {@code READY}, then for {@code RUN queue=URL messages=N} starts a fresh worker on that queue, says
 * {@code START}, and when N events had their email, webhook and feed entry and the queue is empty,
 * one {@code RESULT key=value ...} line.
 */
public final class NotificationChild {

    private static final Child.HeapSampler HEAP = Child.HeapSampler.start();

    private final Map<String, String> args;
    private final SqsClient sqs;

    private NotificationChild(Map<String, String> args) {
        this.args = args;
        this.sqs = Sqs.client(URI.create(args.get("endpoint")));
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        NotificationChild child = new NotificationChild(Sqs.keyValues(argv));
        Child.warmUp(() -> {
            child.drain(child.args.get("warmupQueue"), Integer.parseInt(child.args.get("warmup")));
            Child.awaitQuietJit();
        });
        Child.serveRuns(HEAP, child::measure);
    }

    private Map<String, Object> measure(Map<String, String> run) throws Exception {
        long cpu0 = Child.cpuNanos();
        long t0 = System.nanoTime();
        System.out.println("START");
        System.out.flush();
        Map<String, Object> r = drain(run.get("queue"), Integer.parseInt(run.get("messages")));
        long t1 = System.nanoTime();
        long cpu1 = Child.cpuNanos();
        double seconds = (t1 - t0) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("contender", NotificationPhase.CONTENDER);
        result.put("messages", r.get("events"));
        result.put("seconds", seconds);
        result.put("rate", ((Number) r.get("events")).doubleValue() / seconds);
        result.put("cpuSeconds", (cpu1 - cpu0) / 1e9);
        result.putAll(r);
        return result;
    }

    /** Runs a worker on {@code queue} until {@code events} events are fully handled and the queue is empty. */
    private Map<String, Object> drain(String queue, int events) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("QUEUE_URL", queue);
        env.put("AWS_REGION", Sqs.REGION);
        env.put("AWS_ENDPOINT_URL", args.get("endpoint"));
        env.put("REDIS_URL", "redis://127.0.0.1:" + args.get("redisPort"));
        env.put("EMAIL_FROM", "orders@shop.example");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", args.get("smtpPort"));
        env.put("SMTP_SECURITY", "none");
        env.put("WEBHOOK_ENDPOINTS_FILE", args.get("endpointsFile"));
        env.put("WEBHOOK_HTTP_HOSTS", "127.0.0.1");
        env.put("WEBHOOK_PRIVATE_HOSTS", "127.0.0.1");
        env.put("ADMIN_PORT", "0");
        env.put("WORKER_POLLERS", args.get("pollers"));
        env.put("WORKER_MAX_IN_FLIGHT", Integer.toString(Integer.parseInt(args.get("pollers")) * 10));
        EventCatalog catalog = EventCatalog.load();
        NotificationSettings settings = NotificationSettings.fromEnvironment(env, Set.of("order.completed"));
        Map<String, Object> r = new LinkedHashMap<>();
        try (NotificationApp app = NotificationApp.start(settings, catalog)) {
            long last = -1;
            long lastChange = System.nanoTime();
            while (true) {
                long emails = (long) count(app.registry().find("eventbus.notification.emails").tag("outcome", "sent"));
                long feed = (long) count(app.registry().find("eventbus.notification.feed.appends"));
                long webhooks = (long) count(app.registry().find("eventbus.notification.webhooks").tag("outcome", "delivered"));
                if (emails >= events && feed >= events && webhooks >= events && Sqs.depth(sqs, queue) == 0) {
                    r.put("events", events);
                    r.put("emails", emails);
                    r.put("webhooks", webhooks);
                    r.put("feedAppends", feed);
                    r.put("smtpConnections", (long) count(app.registry().find("eventbus.notification.smtp.connections.opened")));
                    return r;
                }
                long progress = emails + feed + webhooks;
                if (progress != last) {
                    last = progress;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > 120_000_000_000L) {
                    throw new IllegalStateException("stalled at " + emails + " emails, " + webhooks + " webhooks, " + feed + " feed entries of "
                            + events);
                }
                Thread.sleep(10);
            }
        }
    }

    private static double count(Search search) {
        return search.counters().stream().mapToDouble(c -> c.count()).sum()
                + search.functionCounters().stream().mapToDouble(c -> c.count()).sum();
    }
}
