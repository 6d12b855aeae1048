package dev.eventbus.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.eventbus.EventBus;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.events.SubscriptionChangedV1;
import dev.eventbus.events.UserRegisteredV1;
import dev.eventbus.notification.Masking;
import dev.eventbus.notification.Notifications;
import dev.eventbus.notification.email.EmailTemplates;
import dev.eventbus.notification.email.Mailer;
import dev.eventbus.notification.email.OutageGate;
import dev.eventbus.notification.email.SmtpSettings;
import dev.eventbus.notification.email.SmtpTransport;
import dev.eventbus.notification.feed.FeedEntry;
import dev.eventbus.notification.feed.FeedOwner;
import dev.eventbus.notification.feed.InMemoryFeedStore;
import dev.eventbus.notification.metrics.NotificationMetrics;
import dev.eventbus.notification.webhook.AddressPolicy;
import dev.eventbus.notification.webhook.WebhookClient;
import dev.eventbus.notification.webhook.WebhookEndpoint;
import dev.eventbus.notification.webhook.WebhookSecret;
import dev.eventbus.notification.webhook.Webhooks;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.InMemoryDedupeStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's notification part: the real notification worker ({@link Notifications}: email over SMTP,
 * Standard-Webhooks-signed webhooks, the activity feed) on the demo's embedded ElasticMQ, with an SMTP
 * server (GreenMail) and a webhook receiver (the JDK's HTTP server) in this JVM. Publishes an
 * order.completed, a user.registered and a subscription.changed, then shows the emails the server
 * received, the deliveries the receiver got (and checked the signatures of) and the feed entries. The
 * feed and dedupe stores are in memory here (one process); the deployed worker keeps both in Redis.
 */
final class NotificationDemo {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("demo-secret-of-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8));

    private record Received(String id, String timestamp, String signature, String body) {}

    private final PrintStream out;

    NotificationDemo(PrintStream out) {
        this.out = out;
    }

    /** Runs this part on {@code sqs} and {@code sns}; true when every effect arrived once and every signature checked. */
    boolean run(SqsClient sqs, LocalSns sns, String region, String account) throws Exception {
        out.println();
        out.println("notification worker: email via an SMTP server in this JVM, signed webhooks to a local receiver, the activity feed");
        String dlqArn = "arn:aws:sqs:" + region + ":" + account + ":notification-worker-dlq";
        sqs.createQueue(r -> r.queueName("notification-worker-dlq"));
        String queue = sqs.createQueue(r -> r.queueName("notification-worker").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":5}"))).queueUrl();
        EventBus.Builder busBuilder = EventBus.builder().sns(sns).sqs(sqs).source("monolith").catalog(EventCatalog.load());
        for (String channel : List.of("order-events", "user-events", "subscription-events")) {
            String topic = sns.createTopic(r -> r.name(channel + "-for-notifications")).topicArn();
            sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint("arn:aws:sqs:" + region + ":" + account + ":notification-worker")
                    .attributes(Map.of("RawMessageDelivery", "true")));
            busBuilder.topic(channel, topic);
        }
        EventBus bus = busBuilder.build();

        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            received.add(new Received(x.getRequestHeaders().getFirst("webhook-id"), x.getRequestHeaders().getFirst("webhook-timestamp"),
                    x.getRequestHeaders().getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");

        NotificationMetrics metrics = new NotificationMetrics(new SimpleMeterRegistry());
        InMemoryFeedStore feed = new InMemoryFeedStore();
        try (SmtpTransport transport = new SmtpTransport(SmtpSettings.of("127.0.0.1", smtp.getSmtp().getPort(), SmtpSettings.Security.NONE));
                WebhookClient client = WebhookClient.builder()
                        .policy(new AddressPolicy(Set.of("127.0.0.1"), Set.of("127.0.0.1"))) // a local receiver: allowed by name
                        .build()) {
            Mailer mailer = new Mailer(transport, new EmailTemplates(Notifications.TEMPLATES), new InternetAddress("orders@shop.example", "Shop"),
                    null, new OutageGate(), Duration.ofSeconds(30), metrics);
            Webhooks webhooks = new Webhooks(List.of(new WebhookEndpoint("partner", hook, Notifications.events(),
                    List.of(WebhookSecret.parse(SECRET)), true)), client, metrics, Clock.systemUTC(), JsonMapper.builder().build());
            Notifications notifications = new Notifications(mailer, webhooks, feed, metrics);
            Worker worker = Worker.builder().sqs(sqs).queueUrl(queue).consumer("notifications").catalog(EventCatalog.load())
                    .dedupe(new InMemoryDedupeStore()).handlers(notifications.handlers())
                    .config(WorkerConfig.defaults().withWaitTime(Duration.ofSeconds(1)).withShutdownGrace(Duration.ofSeconds(5)))
                    .build();
            try {
                worker.start();
                String order = bus.publish(Events.ORDER_COMPLETED_V1, new OrderCompletedV1(2001, 7, "alice@example.com", "31.80", 3180L, "EUR",
                        List.of(new OrderCompletedV1.LineItem("NB-1", 2, "Notebook"), new OrderCompletedV1.LineItem("PEN-7", 1, "Fountain pen")),
                        Instant.parse("2026-11-23T10:15:30Z"))).eventId();
                String user = bus.publish(Events.USER_REGISTERED_V1, new UserRegisteredV1(8, "bob@example.com", "Bob", "en", true,
                        Instant.parse("2026-11-20T08:00:00Z"))).eventId();
                String subscription = bus.publish(Events.SUBSCRIPTION_CHANGED_V1, new SubscriptionChangedV1("acct_31", "carol@example.com",
                        "upgraded", "pro", "Pro", "basic", new SubscriptionChangedV1.Price(1999, "EUR", SubscriptionChangedV1.Interval.MONTH),
                        Instant.parse("2026-12-01T00:00:00Z"))).eventId();
                out.printf("published order.completed %s, user.registered %s, subscription.changed %s -> the notification worker%n",
                        order, user, subscription);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ((smtp.getReceivedMessages().length < 3 || received.size() < 3 || feed.recent(7, 10).isEmpty()
                        || feed.recent(8, 10).isEmpty() || feed.recent(FeedOwner.account("acct_31"), 10).isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(300); // a duplicate would show up now
            } finally {
                worker.close();
            }
            return report(smtp.getReceivedMessages(), received, feed);
        } finally {
            receiver.stop(0);
            smtp.stop();
        }
    }

    private boolean report(MimeMessage[] emails, List<Received> deliveries, InMemoryFeedStore feed) throws Exception {
        boolean ok = emails.length == 3 && deliveries.size() == 3;
        for (MimeMessage email : emails) {
            MimeMultipart parts = (MimeMultipart) email.getContent();
            String text = ((String) parts.getBodyPart(0).getContent()).strip().lines().filter(l -> !l.isBlank()).limit(3).reduce((a, b) -> a + " / " + b).orElse("");
            out.printf("  email    to %-18s \"%s\"%n           Message-ID %s; %s (%s + %s): %s%n",
                    Masking.email(email.getAllRecipients()[0].toString()), email.getSubject(), email.getMessageID(), parts.getContentType().split(";")[0],
                    parts.getBodyPart(0).getContentType().split(";")[0], parts.getBodyPart(1).getContentType().split(";")[0], text);
        }
        for (Received d : deliveries) {
            boolean valid = signatureValid(d);
            ok &= valid;
            String type = JsonMapper.builder().build().readTree(d.body()).get("type").asString();
            out.printf("  webhook  POST /hooks %-21s webhook-id %s, webhook-timestamp %s, signature %s%n", type, d.id(), d.timestamp(),
                    valid ? "verified (HMAC-SHA256 over id.timestamp.body)" : "DOES NOT VERIFY");
        }
        for (FeedOwner owner : List.of(FeedOwner.user(7), FeedOwner.user(8), FeedOwner.account("acct_31"))) {
            List<FeedEntry> entries = feed.recent(owner, 10);
            ok &= entries.size() == 1;
            for (FeedEntry e : entries) {
                out.printf("  feed     %-13s %s at %s %s%n", owner, e.kind(), e.at(), e.details());
            }
        }
        out.println(ok ? "notification worker: 3 emails, 3 signed webhook deliveries, 3 feed entries, each once."
                : "FAILED: expected 3 emails, 3 verified webhook deliveries and one feed entry per owner; got " + emails.length + " emails and "
                        + deliveries.size() + " deliveries.");
        return ok;
    }

    /** The receiver's own check, as a customer's endpoint following Standard Webhooks would do it. */
    private static boolean signatureValid(Received d) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((d.id() + "." + d.timestamp() + "." + d.body()).getBytes(StandardCharsets.UTF_8));
        for (String signature : d.signature().split(" ")) {
            if (signature.startsWith("v1,") && MessageDigest.isEqual(Base64.getDecoder().decode(signature.substring(3)), expected)) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
