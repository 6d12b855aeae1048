package dev.eventbus.outbox;

import dev.eventbus.EventBus;
import dev.eventbus.internal.EncodedEvent;
import dev.eventbus.internal.EncodedPublisher;
import dev.eventbus.internal.SendOutcome;
import dev.eventbus.routing.Destination;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's committed rows through an {@link EventBus} and marks them sent.
 *
 * <p>Each of {@link RelayConfig#concurrentBatches()} threads, on a connection of its own, claims up to
 * {@link RelayConfig#batchSize()} pending rows in the order they were added
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}), sends them with the bus's batch path
 * (SendMessageBatch/PublishBatch, {@link RelayConfig#sendConcurrency()} requests in flight), marks those
 * SNS or SQS accepted as sent and commits. The row locks last until that commit, so relays running at
 * once, in one process or many, never claim the same row. Each row's message is the one
 * {@link Outbox#add} stored, byte for byte, with the event id it was given then.
 *
 * <ul>
 *   <li><b>A row not sent</b> (SNS or SQS refused it, or its request failed): the row stays pending,
 *       records the attempt and the error, and is held back with capped exponential backoff: retried at
 *       least every {@link RelayConfig#retryMax()}, forever; the rows beside it go on. Nothing is dropped.
 *   <li><b>SNS or SQS down</b> (a claim sent nothing): the relay also pauses with the same backoff before
 *       claiming again, so an outage costs a few failed requests, not a storm of them.
 *   <li><b>A crash between sending and marking</b>: the claim's transaction never commits, its rows are
 *       unlocked and sent again, by this relay or another, with the same event ids; consumers
 *       deduplicate the copy.
 *   <li><b>Idle</b>: on PostgreSQL it LISTENs for the table's insert trigger and claims as soon as a
 *       transaction that added rows commits; it also polls every {@link RelayConfig#pollInterval()}.
 * </ul>
 *
 * <p>It also deletes rows sent longer ago than {@link RelayConfig#retention()} and measures the backlog
 * ({@link #stats()}; {@link OutboxRelayMetrics} binds them to Micrometer). Threads are daemons;
 * {@link #close()} lets claims in progress finish. Thread-safe.
 */
public final class OutboxRelay implements AutoCloseable {

    /** Whether the relay is working: running, its database answering and its sends succeeding. */
    public record Health(boolean ready, String detail) {}

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int SDK_BATCH = 10;
    private static final int CLEANUP_CHUNK = 5_000;
    private static final int MAX_ERROR_CHARS = 1_000;

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private final DataSource dataSource;
    private final EncodedPublisher publisher;
    private final OutboxTable table;
    private final RelayConfig config;
    private final String name;
    private final Wakeup wakeup = new Wakeup();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong databaseErrors = new AtomicLong();
    private final AtomicLong cleaned = new AtomicLong();
    private final List<Thread> loops = new ArrayList<>();
    private volatile State state = State.NEW;
    private volatile Problem databaseProblem;
    private volatile Problem sendProblem;
    private volatile OutboxRow.Backlog backlog;
    private volatile Instant backlogAt;
    private ExecutorService senders;
    private ScheduledExecutorService housekeeping;
    private PgNotifications notifications;
    private Thread listener;

    /** A failure that is still going on: since when, how many times in a row, the last error. */
    private record Problem(Instant since, int times, String error) {
        Problem again(String error) {
            return new Problem(since, times + 1, error);
        }
    }

    private OutboxRelay(Builder b) {
        this.dataSource = b.dataSource;
        this.publisher = EncodedPublisher.of(b.bus);
        this.table = b.table;
        this.config = b.config;
        this.name = b.name;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that the table is there and starts relaying.
     *
     * @throws OutboxException if the table cannot be read (missing migration, wrong schema, no database)
     */
    public synchronized OutboxRelay start() {
        if (state != State.NEW) {
            throw new IllegalStateException("relay " + name + " was already started");
        }
        try (Connection connection = dataSource.getConnection(); Statement check = connection.createStatement()) {
            check.executeQuery("SELECT id, event_id, event_type, event_version, destination, body, traceparent, created_at, attempts,"
                    + " retry_at, last_error, sent_at FROM " + table.qualifiedName() + " LIMIT 0").close();
        } catch (SQLException e) {
            throw new OutboxException("the outbox relay cannot read " + table + ": " + e.getMessage()
                    + ". Create it with the migration in " + OutboxTable.MIGRATION_RESOURCE + " (or OutboxTable.ddl()).", e);
        }
        state = State.RUNNING;
        senders = Executors.newFixedThreadPool(config.concurrentBatches() * config.sendConcurrency(), daemons(name + "-send"));
        housekeeping = Executors.newSingleThreadScheduledExecutor(daemons(name + "-housekeeping"));
        housekeeping.scheduleWithFixedDelay(this::measureBacklog, 0, config.backlogInterval().toMillis(), TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::cleanup, config.cleanupInterval().toMillis(), config.cleanupInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        if (config.listen() && PgNotifications.driverPresent()) {
            notifications = new PgNotifications(dataSource, table.channel(), wakeup, () -> state == State.RUNNING, stop,
                    config.retryMax().toMillis());
            listener = daemons(name + "-listen").newThread(notifications);
            listener.start();
        }
        ThreadFactory claimers = daemons(name + "-claim");
        for (int i = 0; i < config.concurrentBatches(); i++) {
            Thread loop = claimers.newThread(this::claimLoop);
            loops.add(loop);
            loop.start();
        }
        log.info("outbox relay {} started on {}: {} x {} rows, {} requests in flight each, {}", name, table,
                config.concurrentBatches(), config.batchSize(), config.sendConcurrency(),
                notifications != null ? "listening on \"" + table.channel() + "\"" : "polling every " + config.pollInterval());
        return this;
    }

    /** Stops claiming, lets claims in progress finish (up to the shutdown timeout), and stops every thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (state != State.RUNNING) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPING;
        }
        stop.countDown();
        wakeup.signal();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        try {
            for (Thread loop : loops) {
                loop.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (loop.isAlive()) {
                    log.warn("outbox relay {}: a claim still in progress after {}; its rows stay pending and are sent again later",
                            name, config.shutdownTimeout());
                    loop.interrupt();
                }
            }
            if (listener != null) {
                listener.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            senders.shutdownNow();
            housekeeping.shutdownNow();
            state = State.STOPPED;
            log.info("outbox relay {} stopped; {} rows relayed", name, relayed.get());
        }
    }

    /** Ready while running, its database answering and its last sends succeeding; the detail says why not. */
    public Health health() {
        State current = state;
        if (current != State.RUNNING) {
            return new Health(false, "outbox relay " + name + " is " + current.name().toLowerCase(java.util.Locale.ROOT));
        }
        String pending = backlogText();
        Problem database = databaseProblem;
        if (database != null) {
            return new Health(false, "the database fails since " + database.since() + " (" + database.times() + " in a row): "
                    + database.error() + pending);
        }
        Problem send = sendProblem;
        if (send != null) {
            return new Health(false, "sending to SNS/SQS fails since " + send.since() + " (" + send.times() + " in a row): "
                    + send.error() + pending);
        }
        return new Health(true, "relaying " + table + (notifications != null && notifications.listening() ? " (listening)" : " (polling)")
                + pending);
    }

    /** What this relay has done, and the backlog when last measured. */
    public RelayStats stats() {
        OutboxRow.Backlog b = backlog;
        return new RelayStats(relayed.get(), refused.get(), unavailable.get(), databaseErrors.get(), cleaned.get(),
                b == null ? 0 : b.pending(), b == null ? Duration.ZERO : Duration.ofMillis(Math.round(b.oldestSeconds() * 1000)),
                backlogAt);
    }

    public OutboxTable table() {
        return table;
    }

    /** The relay's name, in its thread names, logs and metric tags. */
    public String name() {
        return name;
    }

    // ---- claiming and sending -------------------------------------------------------------------

    /** What one claim did: rows claimed, rows sent, and the last send error if any failed. */
    private record Round(int claimed, int sent, String error) {
        /** Nothing went out although rows were there: SNS/SQS are down (or refuse everything); pause. */
        boolean nothingSent() {
            return claimed > 0 && sent == 0;
        }
    }

    private void claimLoop() {
        Connection connection = null;
        int failures = 0;
        try {
            while (state == State.RUNNING) {
                long seen = wakeup.generation();
                try {
                    if (connection == null) {
                        connection = open();
                    }
                    Round round = claimAndSend(connection);
                    databaseProblem = null;
                    if (round.nothingSent()) {
                        failures++;
                        sendFailed(round.error());
                        pause(config.retryDelayMillis(failures, ThreadLocalRandom.current().nextDouble()));
                        continue;
                    }
                    failures = 0;
                    if (round.sent() > 0) {
                        sendWorks();
                    }
                    if (round.claimed() < config.batchSize()) {
                        wakeup.await(seen, config.pollInterval().toMillis());
                    }
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection);
                    closeQuietly(connection);
                    connection = null;
                    if (state != State.RUNNING) {
                        break;
                    }
                    failures++;
                    databaseFailed(e);
                    pause(config.retryDelayMillis(failures, ThreadLocalRandom.current().nextDouble()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rollbackQuietly(connection);
            closeQuietly(connection);
        }
    }

    private synchronized void sendFailed(String error) {
        Problem before = sendProblem;
        sendProblem = before == null ? new Problem(Instant.now(), 1, error) : before.again(error);
        if (before == null) {
            log.warn("outbox relay {}: sending to SNS/SQS failed ({}); its rows stay pending, retrying with backoff", name, error);
        }
    }

    private synchronized void sendWorks() {
        if (sendProblem != null) {
            log.info("outbox relay {}: sending works again after {} failed attempts since {}", name, sendProblem.times(),
                    sendProblem.since());
            sendProblem = null;
        }
    }

    private synchronized void databaseFailed(Exception e) {
        databaseErrors.incrementAndGet();
        Problem before = databaseProblem;
        databaseProblem = before == null ? new Problem(Instant.now(), 1, e.toString()) : before.again(e.toString());
        if (before == null) {
            log.warn("outbox relay {}: the database failed ({}); claimed rows stay pending, retrying with backoff", name, e.toString());
        }
    }

    private Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            // SKIP LOCKED claims need read committed: each claim sees rows committed since the last one.
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private Round claimAndSend(Connection connection) throws SQLException, InterruptedException {
        List<OutboxRow> rows = OutboxRow.claim(connection, table, config.batchSize());
        if (rows.isEmpty()) {
            connection.commit();
            return new Round(0, 0, null);
        }
        List<SendOutcome> outcomes = send(rows);
        List<Long> sent = new ArrayList<>(rows.size());
        List<OutboxRow.Refused> failed = new ArrayList<>();
        int failedRequests = 0;
        String error = null;
        for (int i = 0; i < rows.size(); i++) {
            OutboxRow row = rows.get(i);
            SendOutcome outcome = outcomes.get(i);
            if (outcome.isSent()) {
                sent.add(row.id());
                continue;
            }
            error = outcome.code() + ": " + outcome.message();
            // Held back on its own, so that a row SNS or SQS will not take does not hold back those behind it.
            failed.add(new OutboxRow.Refused(row.id(), truncate(error),
                    config.retryDelayMillis(row.attempts() + 1, ThreadLocalRandom.current().nextDouble())));
            if (outcome.requestFailed()) {
                failedRequests++;
            } else if (row.attempts() == 0) {
                log.warn("outbox relay {}: {} refused event {} ({} {}): {}; it is retried later", name, row.event().destination(),
                        row.event().eventId(), row.event().event(), row.event().version(), error);
            }
        }
        OutboxRow.markSent(connection, table, sent);
        OutboxRow.markRefused(connection, table, failed);
        connection.commit();
        relayed.addAndGet(sent.size());
        refused.addAndGet(failed.size() - failedRequests);
        unavailable.addAndGet(failedRequests);
        return new Round(rows.size(), sent.size(), failed.isEmpty() ? null : error);
    }

    /**
     * Sends the claimed rows as requests of up to ten for one destination, at most
     * {@link RelayConfig#sendConcurrency()} at once; one outcome per row, in the rows' order.
     */
    private List<SendOutcome> send(List<OutboxRow> rows) throws InterruptedException {
        Map<Destination, List<Integer>> byDestination = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byDestination.computeIfAbsent(rows.get(i).event().destination(), d -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> requests = new ArrayList<>();
        byDestination.values().forEach(indexes -> {
            for (int from = 0; from < indexes.size(); from += SDK_BATCH) {
                requests.add(indexes.subList(from, Math.min(indexes.size(), from + SDK_BATCH)));
            }
        });
        SendOutcome[] outcomes = new SendOutcome[rows.size()];
        int lanes = Math.min(config.sendConcurrency(), requests.size());
        List<Future<?>> running = new ArrayList<>(lanes);
        for (int lane = 1; lane < lanes; lane++) {
            int first = lane;
            running.add(senders.submit(() -> sendLane(rows, requests, first, lanes, outcomes)));
        }
        sendLane(rows, requests, 0, lanes, outcomes);
        for (Future<?> lane : running) {
            try {
                lane.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("sending outbox rows failed unexpectedly", e.getCause());
            }
        }
        return List.of(outcomes);
    }

    /** Sends requests {@code first}, {@code first + step}, ... one after the other. */
    private void sendLane(List<OutboxRow> rows, List<List<Integer>> requests, int first, int step, SendOutcome[] outcomes) {
        for (int r = first; r < requests.size(); r += step) {
            List<Integer> request = requests.get(r);
            List<EncodedEvent> events = new ArrayList<>(request.size());
            request.forEach(index -> events.add(rows.get(index).event()));
            List<SendOutcome> results;
            try {
                results = publisher.sendAll(events);
            } catch (RuntimeException e) {
                // A client that throws what the SDK would not (a wrapper, a stub): the request failed, the rows wait.
                SendOutcome failed = new SendOutcome(null, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), true);
                results = java.util.Collections.nCopies(events.size(), failed);
            }
            for (int i = 0; i < request.size(); i++) {
                outcomes[request.get(i)] = results.get(i);
            }
        }
    }

    // ---- housekeeping ---------------------------------------------------------------------------

    private void measureBacklog() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            backlog = OutboxRow.backlog(connection, table);
            backlogAt = Instant.now();
        } catch (SQLException | RuntimeException e) {
            log.debug("outbox relay {}: measuring the backlog failed: {}", name, e.toString());
        }
    }

    private void cleanup() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            int deleted;
            do {
                deleted = OutboxRow.cleanup(connection, table, config.retention().toMillis(), CLEANUP_CHUNK);
                cleaned.addAndGet(deleted);
            } while (deleted == CLEANUP_CHUNK && state == State.RUNNING);
        } catch (SQLException | RuntimeException e) {
            log.warn("outbox relay {}: deleting sent rows older than {} failed: {}", name, config.retention(), e.toString());
        }
    }

    private String backlogText() {
        OutboxRow.Backlog b = backlog;
        return b == null ? "" : String.format(java.util.Locale.ROOT, "; %d pending, oldest %.1f s", b.pending(), b.oldestSeconds());
    }

    private void pause(long millis) throws InterruptedException {
        stop.await(millis, TimeUnit.MILLISECONDS);
    }

    private static String truncate(String error) {
        return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
    }

    private static void rollbackQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException e) {
                // the connection is broken; it is closed next
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                // nothing left to release
            }
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Builds an {@link OutboxRelay}. {@code dataSource} and {@code bus} are required. */
    public static final class Builder {
        private static final AtomicInteger NAMES = new AtomicInteger();

        private DataSource dataSource;
        private EventBus bus;
        private OutboxTable table = OutboxTable.DEFAULT;
        private RelayConfig config = RelayConfig.defaults();
        private String name;

        private Builder() {}

        /** Where the outbox table is; the relay takes {@code concurrentBatches + 2} connections from it. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** The bus whose SNS and SQS clients send the rows (the rows already say where to). */
        public Builder bus(EventBus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        public Builder table(OutboxTable table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Builder config(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** A name for logs, threads and metric tags; {@code outbox-relay-N} unless given. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public OutboxRelay build() {
            List<String> missing = new ArrayList<>();
            if (dataSource == null) {
                missing.add("dataSource (where the outbox table is)");
            }
            if (bus == null) {
                missing.add("bus (the EventBus whose clients send the rows)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("OutboxRelay needs " + String.join(" and ", missing));
            }
            if (name == null) {
                name = "outbox-relay-" + NAMES.incrementAndGet();
            }
            return new OutboxRelay(this);
        }
    }
}
