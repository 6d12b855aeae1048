package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.events.UserRegisteredV1;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Messages in the monolith's older format carry no event id: a worker deduplicates them on the business
 * key the catalog declares for their event ({@code /order_id} for {@code order.completed}), never on the
 * SQS message id, so a resend runs nothing twice.
 */
@ExtendWith(EmulatorExtension.class)
class LegacyMessagesIT {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final AtomicLong ORDERS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

    interface Mailer {
        void confirm(OrderCompletedV1 order);
    }

    interface Crm {
        void add(UserRegisteredV1 user);
    }

    private static String legacyOrder(long orderId, String total) {
        return "{\"event\":\"order.completed\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"payload\":{\"order_id\":" + orderId
                + ",\"user_id\":7,\"user_email\":\"alice@example.com\",\"total\":\"" + total + "\",\"currency\":\"EUR\","
                + "\"line_items\":[{\"sku\":\"A-1\",\"qty\":2}]}}";
    }

    private static String legacyUser(long userId, String email) {
        return "{\"event\":\"user.registered\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"payload\":{\"user_id\":" + userId
                + ",\"email\":\"" + email + "\",\"registered_at\":\"2026-11-23T09:59:00Z\"}}";
    }

    @Test
    void anIdlessLegacyOrderResentTwiceIsHandledOnceOnTheCatalogsBusinessKey(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<OrderCompletedV1> confirmed = new CopyOnWriteArrayList<>();
            List<UserRegisteredV1> added = new CopyOnWriteArrayList<>();
            Mailer mailer = confirmed::add;
            Crm crm = added::add;
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // The README's example.
            Handlers handlers = Handlers.builder()
                    .on(Events.ORDER_COMPLETED_V1, event -> event.once("send-email", () -> mailer.confirm(event.payload())))
                    .register(Registration.of(Events.USER_REGISTERED_V1, event -> crm.add(event.payload()))
                            .keyedBy(user -> Long.toString(user.userId()))   // a key of its own, for every message
                            .comparingPayloads())                            // same key, other payload: a dead letter
                    .build();
            fixture.start(fixture.worker(handlers).catalog(CATALOG).meterRegistry(registry));
            long order = ORDERS.incrementAndGet();

            fixture.sendRaw(legacyOrder(order, "19.90"), WorkerFixture.EVENT);
            await().atMost(Duration.ofSeconds(10)).until(() -> confirmed.size() == 1 && fixture.depth() == 0);
            fixture.sendRaw(legacyOrder(order, "19.90"), WorkerFixture.EVENT);   // resent: a new SQS message id
            fixture.sendRaw(legacyOrder(order, "21.00"), WorkerFixture.EVENT);   // resent with a changed total

            await().atMost(Duration.ofSeconds(10)).until(() -> WorkerFixture.counter(registry, "eventbus.worker.dedupe.hits") == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.depth() == 0);
            assertThat(confirmed).as("one email for the order").hasSize(1);
            assertThat(fixture.dlqDepth()).as("under a business key a changed payload is a duplicate by default").isZero();

            long user = ORDERS.incrementAndGet();
            fixture.sendRaw(legacyUser(user, "bob@example.com"), "user.registered");
            await().atMost(Duration.ofSeconds(10)).until(() -> added.size() == 1);
            fixture.sendRaw(legacyUser(user, "bob@example.org"), "user.registered");

            List<Message> dead = fixture.deadLetters(1, Duration.ofSeconds(15));
            assertThat(dead).singleElement().satisfies(m -> {
                DeadLetter letter = RetryAndDeadLetterIT.letter(m);
                assertThat(letter.reason()).isEqualTo(FailureReason.ID_REUSED);
                assertThat(letter.dedupeKey()).isEqualTo("key:" + user);
                assertThat(letter.eventId()).isNull();
            });
            assertThat(added).hasSize(1);
        }
    }

    @Test
    void withoutTheCatalogALegacyMessageFallsBackToItsMessageIdAndAResendRunsAgain(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<OrderCompletedV1> confirmed = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(Events.ORDER_COMPLETED_V1, e -> confirmed.add(e.payload())).build()));
            long order = ORDERS.incrementAndGet();

            fixture.sendRaw(legacyOrder(order, "19.90"), WorkerFixture.EVENT);
            fixture.sendRaw(legacyOrder(order, "19.90"), WorkerFixture.EVENT);

            await().atMost(Duration.ofSeconds(10)).until(() -> confirmed.size() == 2 && fixture.depth() == 0);
        }
    }
}
