package dev.eventbus.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.OutgoingEvent;
import dev.eventbus.PublishReceipt;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.events.SubscriptionChangedV1;
import dev.eventbus.events.UserRegisteredV1;
import dev.eventbus.notification.feed.FeedEntry;
import dev.eventbus.notification.feed.FeedOwner;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification worker end to end: events published through {@link dev.eventbus.EventBus} to SNS
 * topics, the worker (configured from an environment map, as {@code main} is) consuming its SQS queue,
 * a real SMTP server (GreenMail), webhook receivers in this JVM and the activity feed in Redis.
 */
@ExtendWith(EmulatorExtension.class)
class NotificationWorkerIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static CapturedLogs logs;
    private static final Set<String> addressesUsed = new HashSet<>();

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void captureLogs() {
        logs = CapturedLogs.attach();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** Across every test of this class: no address, secret or payload reached a log line. */
    @AfterAll
    static void noLogLineHeldAnAddressASecretOrAPayload() {
        logs.detach();
        List<String> lines = logs.lines();
        assertThat(lines).as("the worker logged while handling these events").isNotEmpty();
        for (String line : lines) {
            for (String address : addressesUsed) {
                assertThat(line).doesNotContain(address);
            }
            assertThat(line).doesNotContain(NotificationFixture.SMTP_PASSWORD, "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "line_items",
                    "\"sku\"", "Notebook");
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private static OrderCompletedV1 order(long orderId, long userId, String email) {
        addressesUsed.add(email);
        return new OrderCompletedV1(orderId, userId, email, "24.90", 2490L, "EUR",
                List.of(new OrderCompletedV1.LineItem("NB-1", 2, "Notebook"), new OrderCompletedV1.LineItem("PEN-7", 1, "Fountain <pen> & ink")),
                Instant.parse("2026-11-23T10:15:30Z"));
    }

    private record Setup(NotificationFixture worker, TestSmtpServer smtp, WebhookReceiver a, WebhookReceiver b) {}

    /** Endpoint A receives every event type, B only order.completed. */
    private Setup setup(Emulators env, Set<String> refused, Map<String, String> overrides, WebhookReceiver a, WebhookReceiver b) throws Exception {
        TestSmtpServer smtp = TestSmtpServer.start(refused);
        resources.add(smtp::stop);
        smtp.setUser("mailer", "mailer", NotificationFixture.SMTP_PASSWORD);
        own(a);
        own(b);
        Path endpoints = NotificationFixture.endpointsFile(dir, List.of(
                new NotificationFixture.Endpoint("endpoint-a", a, NotificationFixture.SECRET_A,
                        List.of("order.completed", "user.registered", "subscription.changed")),
                new NotificationFixture.Endpoint("endpoint-b", b, NotificationFixture.SECRET_B, List.of("order.completed"))));
        TestQueues.TestQueue queue = NotificationFixture.queue(env);
        Map<String, String> environment = new java.util.HashMap<>(NotificationFixture.environment(env, queue, smtp, endpoints));
        environment.putAll(overrides);
        NotificationFixture worker = own(NotificationFixture.start(env, environment, queue));
        return new Setup(worker, smtp, a, b);
    }

    private Setup setup(Emulators env) throws Exception {
        return setup(env, Set.of(), Map.of(), new WebhookReceiver(NotificationFixture.SECRET_A), new WebhookReceiver(NotificationFixture.SECRET_B));
    }

    @Test
    void orderCompletedSendsOneConfirmationEmailOneSignedPostPerEndpointAndOneFeedEntry(Emulators env) throws Exception {
        Setup s = setup(env);
        PublishReceipt receipt = s.worker().bus.publish(Events.ORDER_COMPLETED_V1, order(4242, 77, "alice@example.com"));
        String id = receipt.eventId();

        await().atMost(WITHIN).until(() -> s.worker().depths()[0] == 0 && s.smtp().messages().size() == 1
                && s.a().deliveries().size() == 1 && s.b().deliveries().size() == 1);

        MimeMessage email = s.smtp().messages().getFirst();
        assertThat(email.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(email.getMessageID()).isEqualTo("<order-confirmation." + id + "@shop.example>");
        assertThat(email.getSubject()).isEqualTo("Your order 4242 is confirmed");
        String[] parts = alternatives(email);
        assertThat(parts[0]).contains("2 x Notebook (NB-1)", "1 x Fountain <pen> & ink (PEN-7)", "Total: 24.90 EUR");
        assertThat(parts[1]).contains("<td>Notebook</td>", "Fountain &lt;pen&gt; &amp; ink", "24.90 EUR").doesNotContain("<pen>");

        for (WebhookReceiver receiver : List.of(s.a(), s.b())) {
            WebhookReceiver.Delivery d = receiver.deliveries().getFirst();
            assertThat(d.id()).isEqualTo(id);
            assertThat(receiver.signatureValid(d)).as("signature verified by the receiver's own HMAC").isTrue();
            assertThat(Math.abs(Long.parseLong(d.timestamp()) - Instant.now().getEpochSecond())).isLessThan(300);
            assertThat(d.contentType()).startsWith("application/json");
            JsonNode body = JSON.readTree(d.body());
            assertThat(body.get("type").asString()).isEqualTo("order.completed");
            assertThat(body.get("timestamp").asString()).isNotEmpty();
            assertThat(body.get("data").get("order_id").asLong()).isEqualTo(4242);
            assertThat(body.get("data").get("line_items")).hasSize(2);
        }
        assertThat(s.a().signatureValid(s.b().deliveries().getFirst())).as("B's delivery is not signed with A's secret").isFalse();

        List<FeedEntry> feed = s.worker().feed.recent(77, 10);
        assertThat(feed).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.kind()).isEqualTo("order.completed");
            assertThat(e.details()).containsEntry("order_id", "4242").containsEntry("total", "24.90").doesNotContainValue("alice@example.com");
        });
        assertThat(s.worker().depths()).containsExactly(0, 0);
        assertThat(s.worker().counter("eventbus.notification.emails", "outcome", "sent")).isEqualTo(1);
        assertThat(s.worker().counter("eventbus.notification.smtp.connections.opened")).isEqualTo(1);
    }

    @Test
    void userRegisteredSendsTheWelcomeEmailToTheSubscribedEndpointOnlyAndAppendsToTheFeed(Emulators env) throws Exception {
        Setup s = setup(env);
        addressesUsed.add("bob@example.com");
        String id = s.worker().bus.publish(Events.USER_REGISTERED_V1,
                new UserRegisteredV1(901, "bob@example.com", "Bob", "en", true, Instant.parse("2026-11-20T08:00:00Z"))).eventId();

        await().atMost(WITHIN).until(() -> s.worker().depths()[0] == 0 && s.smtp().messages().size() == 1 && s.a().deliveries().size() == 1);

        MimeMessage email = s.smtp().messages().getFirst();
        assertThat(email.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("bob@example.com");
        assertThat(email.getMessageID()).isEqualTo("<welcome." + id + "@shop.example>");
        assertThat(email.getSubject()).isEqualTo("Welcome, Bob!");
        assertThat(alternatives(email)[0]).contains("Hello Bob,");
        WebhookReceiver.Delivery d = s.a().deliveries().getFirst();
        assertThat(d.id()).isEqualTo(id);
        assertThat(s.a().signatureValid(d)).isTrue();
        assertThat(JSON.readTree(d.body()).get("type").asString()).isEqualTo("user.registered");
        assertThat(s.b().deliveries()).as("B does not receive user.registered").isEmpty();
        assertThat(s.worker().feed.recent(901, 10)).singleElement().extracting(FeedEntry::id).isEqualTo(id);
        assertThat(s.worker().depths()).containsExactly(0, 0);
    }

    @Test
    void subscriptionChangedSendsTheNoticeAPostAndAnAccountFeedEntry(Emulators env) throws Exception {
        Setup s = setup(env);
        addressesUsed.add("carol@example.com");
        SubscriptionChangedV1 change = new SubscriptionChangedV1("acct_31", "carol@example.com", "upgraded", "pro", "Pro", "basic",
                new SubscriptionChangedV1.Price(1999, "EUR", SubscriptionChangedV1.Interval.MONTH), Instant.parse("2026-12-01T00:00:00Z"));
        String id = s.worker().bus.publish(Events.SUBSCRIPTION_CHANGED_V1, change).eventId();

        await().atMost(WITHIN).until(() -> s.worker().depths()[0] == 0 && s.smtp().messages().size() == 1 && s.a().deliveries().size() == 1);

        MimeMessage email = s.smtp().messages().getFirst();
        assertThat(email.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("carol@example.com");
        assertThat(email.getMessageID()).isEqualTo("<subscription-changed." + id + "@shop.example>");
        String[] parts = alternatives(email);
        assertThat(parts[0]).contains("Plan: Pro (before: basic)", "Price: 19.99 EUR per month", "Effective on: 1 December 2026");
        assertThat(parts[1]).contains("<strong>Pro</strong>");
        assertThat(s.a().signatureValid(s.a().deliveries().getFirst())).isTrue();
        assertThat(s.a().deliveries().getFirst().id()).isEqualTo(id);
        assertThat(s.b().deliveries()).isEmpty();
        assertThat(s.worker().feed.recent(FeedOwner.account("acct_31"), 10)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("change", "upgraded").containsEntry("plan_id", "pro"));
        assertThat(s.worker().depths()).containsExactly(0, 0);
    }

    @Test
    void anEndpointFailingTwiceIsRetriedAloneWhileTheOtherSideEffectsHappenOnce(Emulators env) throws Exception {
        Setup s = setup(env, Set.of(), Map.of(), new WebhookReceiver(NotificationFixture.SECRET_A).answering(500, 500, 200),
                new WebhookReceiver(NotificationFixture.SECRET_B));
        String id = s.worker().bus.publish(Events.ORDER_COMPLETED_V1, order(5001, 78, "dave@example.com")).eventId();

        await().atMost(WITHIN).until(() -> s.worker().depths()[0] == 0 && s.a().deliveries().size() == 3);
        Thread.sleep(1000); // nothing more arrives once the message is gone

        assertThat(s.a().deliveriesOf(id)).hasSize(3).allSatisfy(d -> assertThat(s.a().signatureValid(d)).isTrue());
        assertThat(s.a().deliveries()).extracting(WebhookReceiver.Delivery::bodyText).containsOnly(s.a().deliveries().getFirst().bodyText());
        assertThat(s.b().deliveriesOf(id)).hasSize(1);
        assertThat(s.smtp().messages()).hasSize(1);
        assertThat(s.worker().feed.recent(78, 10)).hasSize(1);
        assertThat(s.worker().depths()).containsExactly(0, 0);
        assertThat(s.worker().counter("eventbus.notification.webhooks", "endpoint", "endpoint-a", "outcome", "retry")).isEqualTo(2);
        assertThat(s.worker().counter("eventbus.notification.webhooks", "endpoint", "endpoint-a", "outcome", "delivered")).isEqualTo(1);
    }

    @Test
    void aPermanentlyRefusedRecipientIsNotRetriedAndTheWebhookAndFeedHappenOnce(Emulators env) throws Exception {
        Setup s = setup(env, Set.of("nobody@refused.example.com"), Map.of(), new WebhookReceiver(NotificationFixture.SECRET_A),
                new WebhookReceiver(NotificationFixture.SECRET_B));
        String id = s.worker().bus.publish(Events.ORDER_COMPLETED_V1, order(6001, 79, "nobody@refused.example.com")).eventId();

        await().atMost(WITHIN).until(() -> s.worker().depths()[0] == 0 && s.b().deliveries().size() == 1);
        Thread.sleep(1000);

        assertThat(s.smtp().messages()).isEmpty();
        assertThat(s.a().deliveriesOf(id)).hasSize(1);
        assertThat(s.b().deliveriesOf(id)).hasSize(1);
        assertThat(s.worker().feed.recent(79, 10)).singleElement().extracting(FeedEntry::id).isEqualTo(id);
        assertThat(s.worker().depths()).as("acked: neither on the queue nor in the DLQ").containsExactly(0, 0);
        assertThat(s.worker().counter("eventbus.notification.emails", "outcome", "refused")).isEqualTo(1);
        assertThat(s.worker().counter("eventbus.notification.emails", "outcome", "sent")).isZero();
        assertThat(logs.lines()).anyMatch(l -> l.contains("refused permanently (550)") && l.contains("n***@refused.example.com"));
    }

    @Test
    void anSmtpOutageOfThirtySecondsUnderLoadLosesNothingAndSendsOneEmailPerEvent(Emulators env) throws Exception {
        Setup s = setup(env, Set.of(), Map.of("EMAIL_OUTAGE_HOLD_SECONDS", "120"), new WebhookReceiver(NotificationFixture.SECRET_A),
                new WebhookReceiver(NotificationFixture.SECRET_B));
        int events = 120;
        List<OutgoingEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(OutgoingEvent.of(Events.ORDER_COMPLETED_V1, order(10_000 + i, 1000 + i, "buyer" + i + "@example.com")));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events; i += 10) {
            s.worker().bus.publishAll(batch.subList(i, i + 10)).forEach(r -> ids.add(r.eventId()));
            if (i == 20) {
                await().atMost(WITHIN).until(() -> !s.smtp().messages().isEmpty());
                s.smtp().shutDown(); // mid-stream: some sent, the rest meet a server that refuses (421), then is gone
            }
        }
        int sentBeforeOutage = s.smtp().messages().size();
        Thread.sleep(30_000);
        assertThat(s.worker().app.registry().get("eventbus.notification.email.transport.down").gauge().value())
                .as("emails held while the server is down").isEqualTo(1);
        assertThat(s.worker().depths()[1]).as("nothing dead-lettered during the outage").isZero();
        double connectionsBefore = s.worker().counter("eventbus.notification.smtp.connections.opened");
        s.smtp().start();

        await().atMost(Duration.ofSeconds(120)).until(() -> s.worker().depths()[0] == 0 && s.smtp().messages().size() >= events);
        Thread.sleep(1000);

        List<String> messageIds = new ArrayList<>();
        for (MimeMessage m : s.smtp().messages()) {
            messageIds.add(m.getMessageID());
        }
        assertThat(messageIds).hasSize(events).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "<order-confirmation." + id + "@shop.example>").toList());
        assertThat(sentBeforeOutage).isLessThan(events);
        for (String id : ids) {
            assertThat(s.a().deliveriesOf(id)).hasSize(1);
            assertThat(s.b().deliveriesOf(id)).hasSize(1);
        }
        for (int i = 0; i < events; i++) {
            assertThat(s.worker().feed.recent(1000 + i, 10)).hasSize(1);
        }
        assertThat(s.worker().depths()).containsExactly(0, 0);
        assertThat(s.worker().counter("eventbus.notification.smtp.connections.opened") - connectionsBefore)
                .as("after the outage, the held emails go out over the pool's connections (SMTP_CONNECTIONS, 4), reused")
                .isLessThanOrEqualTo(4);
    }

    /** The text/plain and text/html parts of a multipart/alternative email, in that order. */
    static String[] alternatives(MimeMessage email) throws Exception {
        MimeMultipart alternative = (MimeMultipart) email.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
        return new String[] {(String) alternative.getBodyPart(0).getContent(), (String) alternative.getBodyPart(1).getContent()};
    }
}
