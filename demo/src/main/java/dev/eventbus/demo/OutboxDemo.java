package dev.eventbus.demo;

import dev.eventbus.EventBus;
import dev.eventbus.SchemaViolationException;
import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.OutboxRelay;
import dev.eventbus.outbox.OutboxTable;
import dev.eventbus.outbox.RelayConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The demo's transactional outbox: a real PostgreSQL (embedded: binaries from Maven Central, started as a
 * child process; no installation, no Docker) holds an orders table and the outbox table. One order is
 * committed with its event, one rolls back, one carries a payload its schema refuses; the relay, woken by
 * the commit's NOTIFY, publishes the committed event alone, and it reaches both subscribed queues with the
 * id {@code outbox.add} returned.
 */
final class OutboxDemo {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final PrintStream out;
    private String committed;
    private long firstArrivalMillis;

    OutboxDemo(PrintStream out) {
        this.out = out;
    }

    /** Runs the outbox part against the demo's bus and the queues its order events fan out to; true when all went as expected. */
    boolean run(SqsClient sqs, EventBus bus, List<String> orderQueues) throws IOException, SQLException, InterruptedException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource db = postgres.getPostgresDatabase();
            out.println("outbox: PostgreSQL embedded at 127.0.0.1:" + postgres.getPort() + "; tables orders and "
                    + OutboxTable.DEFAULT + " (the outbox's by its migration, " + OutboxTable.MIGRATION_RESOURCE + ")");
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute(OutboxTable.DEFAULT.ddl());
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, status TEXT NOT NULL)");
            }
            Outbox outbox = Outbox.builder().bus(bus).build();
            // Polls once a minute: what makes it send within milliseconds is the commit's NOTIFY.
            RelayConfig config = RelayConfig.builder().pollInterval(Duration.ofMinutes(1)).build();
            List<Envelope> received = new ArrayList<>();
            try (OutboxRelay relay = OutboxRelay.builder().dataSource(db).bus(bus).config(config).name("demo-relay").build().start()) {
                awaitListening(relay);
                String rolledBack = completeOrder(db, outbox, 2002, false);
                out.printf("  rolled back order 2002 and its event (id=%s): neither row exists%n", rolledBack);
                try (Connection tx = db.getConnection()) {
                    tx.setAutoCommit(false);
                    outbox.add(tx, "order.completed", Map.of("order_id", 2003, "user_id", 9, "total", "1.00", "currency", "EUR",
                            "line_items", List.of(Map.of("sku", "D-4", "qty", 0))));
                } catch (SchemaViolationException e) {
                    out.printf("  refused     order 2003's event at outbox.add, before the commit: %d violations%n", e.violations().size());
                }
                long committedAt = System.nanoTime();
                committed = completeOrder(db, outbox, 2001, true);
                out.printf("  committed   order 2001 and its event in one transaction: order.completed id=%s%n", committed);
                received.addAll(receive(sqs, orderQueues, orderQueues.size()));
                if (!received.isEmpty()) {
                    out.printf("  relay (woken by the commit's NOTIFY): the first copy arrived %d ms after the commit%n",
                            firstArrivalMillis - committedAt / 1_000_000);
                }
            }
            boolean onlyTheCommittedOne = received.size() == orderQueues.size()
                    && received.stream().allMatch(e -> committed.equals(e.id()) && e.payload().get("order_id").asLong() == 2001);
            for (Envelope envelope : received) {
                out.printf("  arrived     order.completed id=%s order %d%n", envelope.id(), envelope.payload().get("order_id").asLong());
            }
            long pending = count(db, "SELECT count(*) FROM " + OutboxTable.DEFAULT + " WHERE sent_at IS NULL");
            boolean ok = onlyTheCommittedOne && pending == 0;
            out.println(ok ? "  the committed order's event reached both queues with the id outbox.add returned; the rolled-back one never left."
                    : "  FAILED: expected exactly event " + committed + " in each of " + orderQueues.size() + " queues and no pending row; got "
                            + received.size() + " messages, " + pending + " rows pending");
            return ok;
        }
    }

    private static String completeOrder(DataSource db, Outbox outbox, long orderId, boolean commit) throws SQLException {
        try (Connection tx = db.getConnection()) {
            tx.setAutoCommit(false);
            try (PreparedStatement insert = tx.prepareStatement("INSERT INTO orders (id, status) VALUES (?, 'completed')")) {
                insert.setLong(1, orderId);
                insert.executeUpdate();
            }
            String eventId = outbox.add(tx, Events.ORDER_COMPLETED_V1, new OrderCompletedV1(orderId, 7, "dana@example.com", "12.50",
                    1250L, "EUR", List.of(new OrderCompletedV1.LineItem("E-" + orderId, 1, "Pencil case")),
                    Instant.parse("2026-11-23T11:00:00Z")));
            if (commit) {
                tx.commit();
            } else {
                tx.rollback();
            }
            return eventId;
        }
    }

    /** Receives (and deletes) from the queues until {@code expected} messages arrived, then waits a moment for extra ones. */
    private List<Envelope> receive(SqsClient sqs, List<String> queues, int expected) {
        EnvelopeCodec codec = new EnvelopeCodec();
        List<Envelope> received = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        boolean extraRound = false;
        while (System.nanoTime() < deadline && (received.size() < expected || !extraRound)) {
            extraRound = received.size() >= expected;
            for (String queue : queues) {
                for (Message m : sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    if (received.isEmpty()) {
                        firstArrivalMillis = System.nanoTime() / 1_000_000;
                    }
                    received.add(codec.decode(m.body()));
                    sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
        }
        return received;
    }

    private static void awaitListening(OutboxRelay relay) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!relay.health().detail().contains("(listening)") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
