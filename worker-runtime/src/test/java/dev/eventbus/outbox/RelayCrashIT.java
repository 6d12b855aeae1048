package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.events.Events;
import dev.eventbus.events.ScholarshipWonV1;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.PostgresExtension;
import dev.eventbus.testing.TestPostgres;
import dev.eventbus.testing.TestQueues.TestQueue;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two outbox relays, each in a JVM of its own, share 20,000 rows while one of them is killed with SIGKILL
 * again and again, mid-batch: every event reaches the queue, copies carry the same event id, and the
 * worker's Redis dedupe lets each event's handler run exactly once.
 */
@ExtendWith({EmulatorExtension.class, PostgresExtension.class})
class RelayCrashIT {

    private static final int EVENTS = 20_000;
    private static final int PER_TRANSACTION = 100;
    private static final int KILLS = 5;
    private static final int TRANSACTIONS_PER_VICTIM = 30;

    @Test
    void killingOneOfTwoRelaysRepeatedlyLosesNothingAndTheWorkerHandlesEachEventOnce(ElasticMq sqs, Emulators env,
            TestPostgres postgres) throws Exception {
        Path dir = java.nio.file.Files.createDirectories(Path.of("target", "relay-crash-logs"));
        OutboxDatabase db = OutboxDatabase.create(postgres);
        TestQueue inbox = sqs.queues().queueWithDlq("monolith-inbox", Duration.ofSeconds(30), 5);
        EventBus bus = EventBus.builder().sqs(sqs.sqs()).source("monolith").catalog(EventCatalog.load())
                .queue("monolith-inbox", inbox.url()).build();
        Outbox outbox = Outbox.builder().bus(bus).table(db.table()).build();

        EnvelopeCodec codec = new EnvelopeCodec();
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        Map<String, Integer> delivered = new ConcurrentHashMap<>();
        Worker worker = Worker.builder().sqs(sqs.sqs()).queueUrl(inbox.url()).consumer("monolith").catalog(EventCatalog.load())
                .dedupe(RedisDedupeStore.connect(env.redis().uri()))
                .config(WorkerConfig.defaults().withPollers(4).withMaxInFlight(200).withWaitTime(Duration.ofSeconds(1)))
                .interceptor(chain -> {
                    delivered.merge(codec.decode(chain.delivery().body()).id(), 1, Integer::sum);
                    return chain.proceed(chain.delivery());
                })
                .handlers(Handlers.builder().on(Events.SCHOLARSHIP_WON_V1, e -> handled.merge(e.id(), 1, Integer::sum)).build())
                .build()
                .start();

        String jdbcUrl = postgres.jdbcUrl() + "?currentSchema=" + db.table().schema();
        List<String> relayArgs = List.of(jdbcUrl, db.table().schema(), sqs.endpoint().toString(), inbox.url());
        Set<String> added = ConcurrentHashMap.newKeySet();
        Child steady = Child.start(relayArgs, dir.resolve("steady.log"));
        Child victim = Child.start(relayArgs, dir.resolve("victim-0.log"));
        try {
            // Rows arrive in transactions of 100 while the kills go on: each victim gets a share of 4,000 to add once it
            // is up, so it is killed in the middle of relaying them, however slowly its JVM starts on a busy machine.
            AtomicInteger allowedTransactions = new AtomicInteger();
            Thread producer = new Thread(() -> {
                try {
                    for (int tx = 0; tx < EVENTS / PER_TRANSACTION; tx++) {
                        while (tx >= allowedTransactions.get()) {
                            Thread.sleep(10);
                        }
                        List<OutgoingEvent> events = new ArrayList<>(PER_TRANSACTION);
                        for (int i = 0; i < PER_TRANSACTION; i++) {
                            events.add(OutgoingEvent.of(Events.SCHOLARSHIP_WON_V1, scholarship(tx * PER_TRANSACTION + i + 1)));
                        }
                        try (Connection connection = db.begin()) {
                            List<String> ids = outbox.addAll(connection, events);
                            connection.commit();
                            added.addAll(ids);
                        }
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("adding events failed", e);
                }
            }, "producer");
            producer.setDaemon(true);
            producer.start();

            int kills = 0;
            while (kills < KILLS) {
                Child working = victim;
                await().atMost(Duration.ofSeconds(90)).until(working.started::get);
                allowedTransactions.addAndGet(TRANSACTIONS_PER_VICTIM);
                await().atMost(Duration.ofSeconds(60)).until(() -> working.relayed.get() > 40);
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 60));
                assertThat(added.size()).as("rows are still arriving at kill %d", kills + 1).isLessThan(EVENTS);
                victim.kill();
                kills++;
                victim = Child.start(relayArgs, dir.resolve("victim-" + kills + ".log"));
            }
            allowedTransactions.set(EVENTS / PER_TRANSACTION);
            producer.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(added).hasSize(EVENTS);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> db.count("sent_at IS NULL") == 0 && handled.size() == EVENTS);
            await().atMost(Duration.ofSeconds(60)).until(() -> Emulators.approximateDepth(sqs.sqs(), inbox.url()) == 0);
        } finally {
            steady.stop();
            victim.stop();
            worker.close();
        }

        assertThat(handled.keySet()).as("every event added was handled").isEqualTo(added);
        assertThat(handled.values()).as("each handler ran once").allMatch(n -> n == 1);
        assertThat(delivered.keySet()).as("no delivery carried an id the outbox did not give").isEqualTo(added);
        long copies = delivered.values().stream().mapToLong(Integer::longValue).sum() - EVENTS;
        System.out.printf("[relay-crash] %d kills, %d duplicate deliveries (same event id), all absorbed by the dedupe%n", KILLS,
                copies);
        assertThat(Emulators.approximateDepth(sqs.sqs(), inbox.dlqUrl())).as("nothing dead-lettered").isZero();
    }

    static ScholarshipWonV1 scholarship(long userId) {
        return new ScholarshipWonV1(userId, 3, "Top of the class", 50, "TOP50", 1, Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-12-23T10:00:00Z"));
    }

    /** A {@link RelayProcess} JVM, and how many rows it reported relayed. */
    private static final class Child {
        final Process process;
        final AtomicLong relayed = new AtomicLong();
        final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

        private Child(Process process) {
            this.process = process;
        }

        static Child start(List<String> args, Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), RelayProcess.class.getName()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Child child = new Child(process);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                        java.io.PrintWriter copy = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(log), true)) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        copy.println(line);
                        if (line.startsWith("RELAYED ")) {
                            child.relayed.set(Long.parseLong(line.substring(8).trim()));
                            child.started.set(true);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "relay-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        /** SIGKILL: no shutdown hook, no rollback, its connections cut mid-transaction. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                try {
                    process.getOutputStream().close();
                } catch (IOException e) {
                    // gone already
                }
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
