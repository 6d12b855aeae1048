package dev.eventbus.bench;

import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.OutboxRelay;
import dev.eventbus.outbox.OutboxTable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The outbox phase's database and its two sides: the orchestrator fills the outbox table (a backlog, or
 * commits at a fixed rate while timing commit-to-queue), a relay contender JVM relays it. PostgreSQL is
 * embedded (zonky's binaries, a child process of the orchestrator; through a user namespace when root), with
 * fsync and synchronous_commit on, so commits and the relay's marks are flushed as in production.
 */
final class OutboxBench implements AutoCloseable {

    /** Events per transaction when filling the backlog, and when committing at a rate. */
    static final int FILL_TRANSACTION = 500;
    static final int RATE_TRANSACTION = 10;

    private final EmbeddedPostgres postgres;
    private final DataSource dataSource;

    private OutboxBench(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.dataSource = dataSource(jdbcUrl());
    }

    static OutboxBench start() throws IOException, SQLException {
        OutboxBench bench = new OutboxBench(EmbeddedPostgres.builder().setServerConfig("max_connections", "100")
                // zonky turns synchronous_commit off by default; a production database has it on.
                .setServerConfig("synchronous_commit", "on").start());
        try (Connection c = bench.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(OutboxTable.DEFAULT.ddl());
        }
        return bench;
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    static DataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        return ds;
    }

    /** Empties the table, so every relay run starts from the same one. */
    void truncate() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + OutboxTable.DEFAULT.qualifiedName());
        }
    }

    /** Adds {@code count} events for {@code queue} in transactions of {@value #FILL_TRANSACTION}; returns events/s. */
    static double fill(DataSource dataSource, EventBus bus, int count) throws SQLException {
        Outbox outbox = Outbox.builder().bus(bus).build();
        long t0 = System.nanoTime();
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            for (int done = 0; done < count; done += FILL_TRANSACTION) {
                outbox.addAll(tx, Sqs.batch(Math.min(FILL_TRANSACTION, count - done)));
                tx.commit();
            }
        }
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    double fill(EventBus bus, int count) throws SQLException {
        return fill(dataSource, bus, count);
    }

    /** In a relay contender JVM: runs a relay with the default settings until it has relayed {@code messages} rows. */
    static void relay(EventBus bus, String jdbcUrl, int messages) throws InterruptedException {
        try (OutboxRelay relay = OutboxRelay.builder().dataSource(dataSource(jdbcUrl)).bus(bus).name("bench-relay").build().start()) {
            while (relay.stats().relayed() < messages) {
                Thread.sleep(2);
            }
        }
    }

    /**
     * Commits {@code messages} events at {@code rate} per second (transactions of {@value #RATE_TRANSACTION} from
     * eight threads) while receiving them from {@code queue}; returns each event's commit-to-queue latency in
     * milliseconds: from just after its commit returned to its receipt (long polls of 1 s, eight at once).
     */
    List<Double> commitAtRate(SqsClient sqs, EventBus bus, String queue, int messages, double rate) throws Exception {
        Outbox outbox = Outbox.builder().bus(bus).build();
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>(messages));
        BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(8);
        for (int i = 0; i < 8; i++) {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            connections.add(c);
        }
        AtomicInteger received = new AtomicInteger();
        List<Thread> receivers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            receivers.add(Thread.ofVirtual().start(() -> receive(sqs, queue, messages, committedAt, latencies, received)));
        }
        try (ExecutorService committers = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            long start = System.nanoTime();
            int sent = 0;
            while (sent < messages) {
                int due = (int) Math.min(messages, rate * (System.nanoTime() - start) / 1e9);
                while (due - sent >= RATE_TRANSACTION || (due == messages && sent < messages)) {
                    List<OutgoingEvent> events = Sqs.batch(Math.min(RATE_TRANSACTION, messages - sent));
                    sent += events.size();
                    committers.submit(() -> {
                        Connection tx = connections.take();
                        try {
                            List<String> ids = outbox.addAll(tx, events);
                            tx.commit();
                            long now = System.nanoTime();
                            ids.forEach(id -> committedAt.put(id, now));
                        } finally {
                            connections.add(tx);
                        }
                        return null;
                    });
                }
                Thread.sleep(2);
            }
        }
        for (Thread receiver : receivers) {
            receiver.join();
        }
        for (Connection c : connections) {
            c.close();
        }
        return latencies;
    }

    private static void receive(SqsClient sqs, String queue, int messages, Map<String, Long> committedAt, List<Double> latencies,
            AtomicInteger received) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (received.get() < messages && System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            long now = System.nanoTime();
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>(batch.size());
            for (Message m : batch) {
                Long committed = committedAt.get(eventId(m.body()));
                // A message can arrive before its committer thread has stored the commit time: that is 0 ms.
                latencies.add(committed == null ? 0.0 : (now - committed) / 1e6);
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(deletes.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
            if (!deletes.isEmpty()) {
                sqs.deleteMessageBatch(r -> r.queueUrl(queue).entries(deletes));
                received.addAndGet(batch.size());
            }
        }
    }

    /** The envelope's {@code "id"}, read without a full parse. */
    static String eventId(String body) {
        int i = body.indexOf("\"id\":\"");
        return i < 0 ? "" : body.substring(i + 6, body.indexOf('"', i + 6));
    }

    /** p50, p99 and max of the latencies, in milliseconds, as a run's result fields. */
    static Map<String, String> percentiles(List<Double> latencies) {
        List<Double> sorted = latencies.stream().sorted().toList();
        Map<String, String> r = new LinkedHashMap<>();
        r.put("p50Ms", Double.toString(sorted.isEmpty() ? 0 : sorted.get((int) (sorted.size() * 0.50))));
        r.put("p99Ms", Double.toString(sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)))));
        r.put("maxMs", Double.toString(sorted.isEmpty() ? 0 : sorted.getLast()));
        return r;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
