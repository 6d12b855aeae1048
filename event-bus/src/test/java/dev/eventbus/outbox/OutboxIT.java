package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.eventbus.EventBus;
import dev.eventbus.NoRouteException;
import dev.eventbus.SchemaViolationException;
import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.PostgresExtension;
import dev.eventbus.testing.TestPostgres;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The transactional outbox against a real PostgreSQL and moto (SNS + SQS): what commits is published, once,
 * as it was stored; what rolls back never leaves.
 */
@ExtendWith({EmulatorExtension.class, PostgresExtension.class})
class OutboxIT {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final RelayConfig FAST = RelayConfig.builder().retry(Duration.ofMillis(100), Duration.ofMillis(500))
            .backlogInterval(Duration.ofMillis(200)).build();

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final List<OutboxRelay> relays = new ArrayList<>();
    private Emulators env;
    private OutboxDatabase db;
    private TestQueue notifications;
    private EventBus bus;
    private Outbox outbox;

    @BeforeEach
    void deploy(Emulators env, TestPostgres postgres) {
        this.env = env;
        TestQueues queues = env.queues();
        String orderEvents = queues.topic("order-events");
        notifications = queues.queueWithDlq("notifications");
        queues.subscribe(orderEvents, notifications);
        bus = EventBus.builder().sns(env.sns()).sqs(env.sqs()).source("monolith").catalog(CATALOG).topic("order-events", orderEvents)
                .build();
        db = OutboxDatabase.create(postgres);
        outbox = Outbox.builder().bus(bus).table(db.table()).build();
    }

    @AfterEach
    void stopRelays() {
        relays.forEach(OutboxRelay::close);
    }

    static OrderCompletedV1 order(long id) {
        return new OrderCompletedV1(id, 7, "buyer" + id + "@example.com", "19.90", 1990L, "EUR",
                List.of(new OrderCompletedV1.LineItem("A-" + id, 1, "Notebook")), Instant.parse("2026-11-23T10:15:30Z"));
    }

    @Test
    void tenCommittedOrdersArePublishedOnceEachWithTheIdsAddReturnedAndFiveRolledBackNever() throws Exception {
        Map<String, Long> committed = new HashMap<>();
        for (long id = 1; id <= 15; id++) {
            try (Connection tx = db.begin()) {
                OutboxDatabase.insertOrder(tx, id);
                String eventId = outbox.add(tx, Events.ORDER_COMPLETED_V1, order(id));
                if (id % 3 == 0) {
                    tx.rollback();
                } else {
                    tx.commit();
                    committed.put(eventId, id);
                }
            }
        }
        assertThat(committed).hasSize(10);
        assertThat(db.orders()).isEqualTo(10);
        assertThat(db.count("true")).as("rows in the outbox").isEqualTo(10);

        relay(FAST);

        List<Message> received = Emulators.receive(env.sqs(), notifications.url(), 11, Duration.ofSeconds(15));
        Map<String, Long> published = new HashMap<>();
        for (Message message : received) {
            Envelope envelope = codec.decode(message.body());
            assertThat(published.put(envelope.id(), envelope.payload().get("order_id").asLong()))
                    .as("event %s published twice", envelope.id()).isNull();
            assertThat(message.messageAttributes().get(MessageAttributes.EVENT_TYPE).stringValue()).isEqualTo("order.completed");
            assertThat(message.messageAttributes().get(MessageAttributes.EVENT_VERSION).stringValue()).isEqualTo("1.2");
        }
        assertThat(published).isEqualTo(committed);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(db.count("sent_at IS NULL")).isZero());
    }

    @Test
    void theRelaySendsTheEnvelopeTheRowHoldsByteForByte() throws Exception {
        String eventId;
        try (Connection tx = db.begin()) {
            eventId = outbox.add(tx, Events.ORDER_COMPLETED_V1, order(42));
            tx.commit();
        }
        String stored = db.strings("SELECT body FROM " + db.table().qualifiedName()).get(0);
        assertThat(codec.decode(stored).id()).isEqualTo(eventId);

        relay(FAST);

        List<Message> received = Emulators.receive(env.sqs(), notifications.url(), 1, Duration.ofSeconds(10));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).isEqualTo(stored);
    }

    @Test
    void anInvalidPayloadThrowsSchemaViolationBeforeAnyRowIsWrittenAndTheTransactionRollsBackClean() throws Exception {
        Map<String, Object> broken = Map.of("order_id", 42, "user_id", 7, "total", "19.90", "currency", "EUR",
                "line_items", List.of(Map.of("sku", "A-1", "qty", 0)));
        try (Connection tx = db.begin()) {
            OutboxDatabase.insertOrder(tx, 42);
            assertThatThrownBy(() -> outbox.add(tx, "order.completed", broken))
                    .isInstanceOfSatisfying(SchemaViolationException.class, e -> assertThat(e.getMessage())
                            .contains("/line_items/0/qty: must be at least 1", "/user_email: is required but missing"));
            assertThat(rowsOn(tx)).as("rows visible inside the failed transaction").isZero();
            tx.rollback();
        }
        assertThat(db.count("true")).isZero();
        assertThat(db.orders()).isZero();
    }

    @Test
    void oneBadEventInABatchAddsNoneOfTheBatch() throws Exception {
        try (Connection tx = db.begin()) {
            assertThatThrownBy(() -> outbox.addAll(tx, List.of(dev.eventbus.OutgoingEvent.of(Events.ORDER_COMPLETED_V1, order(1)),
                            dev.eventbus.OutgoingEvent.of("invoice.frozen", Map.of("invoice_id", 2)))))
                    .isInstanceOf(NoRouteException.class);
            assertThat(rowsOn(tx)).isZero();
            tx.commit();
        }
        assertThat(db.count("true")).isZero();
    }

    @Test
    void aBatchAddIsOneRowPerEventInOrderWithTheIdsReturned() throws Exception {
        List<String> ids;
        try (Connection tx = db.begin()) {
            ids = outbox.addAll(tx, List.of(dev.eventbus.OutgoingEvent.of(Events.ORDER_COMPLETED_V1, order(1)),
                    dev.eventbus.OutgoingEvent.of(Events.ORDER_COMPLETED_V1, order(2)).withCorrelationId("checkout-9")));
            tx.commit();
        }
        assertThat(db.strings("SELECT event_id FROM " + db.table().qualifiedName() + " ORDER BY id")).isEqualTo(ids);
        assertThat(codec.decode(db.strings("SELECT body FROM " + db.table().qualifiedName() + " ORDER BY id").get(1)).correlationId())
                .isEqualTo("checkout-9");
    }

    @Test
    void aConnectionInAutoCommitModeIsRefusedSoNoEventCommitsOnItsOwn() throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            assertThatThrownBy(() -> outbox.add(connection, Events.ORDER_COMPLETED_V1, order(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("auto-commit");
        }
        assertThat(db.count("true")).isZero();
    }

    @Test
    void anIdleRelayIsWokenByTheCommitNotByItsPoll() throws Exception {
        relay(FAST.toBuilder().pollInterval(Duration.ofMinutes(5)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> relays.get(0).health().detail().contains("(listening)"));
        Thread.sleep(300); // the relay's first claims found nothing; it now waits for a notification

        try (Connection tx = db.begin()) {
            outbox.add(tx, Events.ORDER_COMPLETED_V1, order(7));
            tx.commit();
        }

        // Within seconds, though the relay polls only every five minutes: the insert trigger's NOTIFY woke it.
        assertThat(Emulators.receive(env.sqs(), notifications.url(), 1, Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void aRowItsQueueRefusesIsRetriedLaterWhileTheRowsBehindItGoOn() throws Exception {
        EventBus toMissingQueue = EventBus.builder().sns(env.sns()).sqs(env.sqs()).catalog(CATALOG)
                .queue("monolith-inbox", env.aws().sqs() + "/000000000000/no-such-queue-" + System.nanoTime()).build();
        Outbox misrouted = Outbox.builder().bus(toMissingQueue).table(db.table()).build();
        List<String> good = new ArrayList<>();
        try (Connection tx = db.begin()) {
            misrouted.add(tx, Events.SCHOLARSHIP_WON_V1, new dev.eventbus.events.ScholarshipWonV1(7, 3, "Top", 50, "TOP50", 1,
                    Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-12-23T10:00:00Z")));
            for (long id = 1; id <= 5; id++) {
                good.add(outbox.add(tx, Events.ORDER_COMPLETED_V1, order(id)));
            }
            tx.commit();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = relay(FAST);
        new OutboxRelayMetrics(relay).bindTo(meters);

        List<Message> received = Emulators.receive(env.sqs(), notifications.url(), 5, Duration.ofSeconds(10));
        assertThat(received).extracting(m -> codec.decode(m.body()).id()).containsExactlyInAnyOrderElementsOf(good);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(db.count("sent_at IS NULL")).as("the misrouted row stays pending").isEqualTo(1);
            assertThat(db.count("sent_at IS NULL AND attempts >= 2 AND last_error IS NOT NULL AND retry_at IS NOT NULL"))
                    .as("and is retried, with its error recorded").isEqualTo(1);
            assertThat(meters.get("eventbus.outbox.relayed").functionCounter().count()).isEqualTo(5);
            assertThat(meters.get("eventbus.outbox.failures").tag("reason", "unavailable").functionCounter().count())
                    .isGreaterThanOrEqualTo(2);
            assertThat(meters.get("eventbus.outbox.pending").gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void theBacklogAndItsOldestRowAreMeasuredAndSentRowsAreDeletedAfterTheRetention() throws Exception {
        try (Connection tx = db.begin()) {
            outbox.add(tx, Events.ORDER_COMPLETED_V1, order(1));
            outbox.add(tx, Events.ORDER_COMPLETED_V1, order(2));
            tx.commit();
        }
        Thread.sleep(1_200);
        OutboxRelay idle = OutboxRelay.builder().dataSource(db.dataSource()).bus(bus).table(db.table()).config(FAST).build();
        // What the relay's backlog gauge reads, before any relay has sent the rows.
        try (Connection c = db.dataSource().getConnection()) {
            OutboxRow.Backlog backlog = OutboxRow.backlog(c, db.table());
            assertThat(backlog.pending()).isEqualTo(2);
            assertThat(backlog.oldestSeconds()).isGreaterThanOrEqualTo(1.0);
        }
        assertThat(idle.health().ready()).as("a relay not started is not ready").isFalse();

        OutboxRelay relay = relay(FAST.toBuilder().retention(Duration.ZERO).cleanupInterval(Duration.ofMillis(300)).build());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(relay.stats().relayed()).isEqualTo(2);
            assertThat(relay.stats().cleaned()).isEqualTo(2);
            assertThat(db.count("true")).isZero();
            assertThat(relay.stats().pending()).isZero();
            assertThat(relay.health().ready()).isTrue();
        });
    }

    @Test
    void aRelayWithoutItsTableFailsToStartNamingTheMigration() {
        OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).bus(bus)
                .table(OutboxTable.of(db.table().schema(), "not_migrated")).build();
        assertThatThrownBy(relay::start).isInstanceOf(OutboxException.class)
                .hasMessageContaining("not_migrated").hasMessageContaining(OutboxTable.MIGRATION_RESOURCE);
    }

    private OutboxRelay relay(RelayConfig config) {
        OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).bus(bus).table(db.table()).config(config).build().start();
        relays.add(relay);
        return relay;
    }

    private long rowsOn(Connection tx) throws Exception {
        try (var s = tx.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + db.table().qualifiedName())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
