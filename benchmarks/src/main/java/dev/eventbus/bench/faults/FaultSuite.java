package dev.eventbus.bench.faults;

import dev.eventbus.BatchPublishException;
import dev.eventbus.EventBus;
import dev.eventbus.PublishReceipt;
import dev.eventbus.bench.ElasticMqProcess;
import dev.eventbus.bench.Processes;
import dev.eventbus.bench.RedisProcess;
import dev.eventbus.bench.Sqs;
import dev.eventbus.bench.faults.FaultPlan.Fault;
import dev.eventbus.bench.faults.FaultPlan.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The project's own fault suite ({@code ./scripts/faults}): several {@link FaultWorker} JVMs consume one
 * queue on ElasticMQ (in a JVM of its own) with a real redis-server with AOF as their dedupe store, while
 * a publisher streams events and the suite injects the faults of a {@link FaultPlan}: kill -9 and SIGTERM
 * of workers (each restarted a second after, as an orchestrator would), and Redis stopped, frozen and
 * refusing writes. Then it waits for the queue to drain, stops the workers with SIGTERM, reads the DLQ and
 * the {@link Ledger}, and reports what became of every event ({@link FaultReport}).
 *
 * <p>Options: {@code --events N} (20,000), {@code --rate R} events per second (150), {@code --workers W} (3),
 * {@code --kills K} (5), {@code --sigterms S} (3), {@code --redis-stop SECONDS} (15), {@code --freeze SECONDS} (5),
 * {@code --refuse-writes SECONDS} (10), {@code --visibility SECONDS} (5), {@code --max-receives N} (5),
 * {@code --slow-percent P} (2), {@code --seed N} (1), {@code --drain-timeout SECONDS} (300),
 * {@code --logs DIR} (target/faults). Exits 0 when every check of the report passed, 1 otherwise.
 */
public final class FaultSuite {

    private static final Duration RESTART_AFTER = Duration.ofSeconds(1);
    private static final int START_ATTEMPTS = 3;
    private static final Duration SIGTERM_PATIENCE = Duration.ofSeconds(60);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    static final class Options {
        int events = 20_000;
        double rate = 150;
        int workers = 3;
        int kills = 5;
        int sigterms = 3;
        Duration redisStop = Duration.ofSeconds(15);
        Duration freeze = Duration.ofSeconds(5);
        Duration refuseWrites = Duration.ofSeconds(10);
        int visibilitySeconds = 5;
        int maxReceives = 5;
        int slowPercent = 2;
        long seed = 1;
        Duration drainTimeout = Duration.ofSeconds(300);
        Path logs = Path.of("target/faults");
        String classpath = System.getProperty("java.class.path");
        String workerHeap = "256m";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--events" -> o.events = Integer.parseInt(v);
                    case "--rate" -> o.rate = Double.parseDouble(v);
                    case "--workers" -> o.workers = Integer.parseInt(v);
                    case "--kills" -> o.kills = Integer.parseInt(v);
                    case "--sigterms" -> o.sigterms = Integer.parseInt(v);
                    case "--redis-stop" -> o.redisStop = Duration.ofSeconds(Long.parseLong(v));
                    case "--freeze" -> o.freeze = Duration.ofSeconds(Long.parseLong(v));
                    case "--refuse-writes" -> o.refuseWrites = Duration.ofSeconds(Long.parseLong(v));
                    case "--visibility" -> o.visibilitySeconds = Integer.parseInt(v);
                    case "--max-receives" -> o.maxReceives = Integer.parseInt(v);
                    case "--slow-percent" -> o.slowPercent = Integer.parseInt(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--drain-timeout" -> o.drainTimeout = Duration.ofSeconds(Long.parseLong(v));
                    case "--logs" -> o.logs = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; known: --events --rate --workers "
                            + "--kills --sigterms --redis-stop --freeze --refuse-writes --visibility --max-receives --slow-percent "
                            + "--seed --drain-timeout --logs");
                }
            }
            if (o.events < 10 || o.rate <= 0 || o.workers < 1 || o.kills < 0 || o.sigterms < 0 || o.visibilitySeconds < 2
                    || o.maxReceives < 1 || o.slowPercent < 0 || o.slowPercent > 100) {
                throw new IllegalArgumentException("need --events >= 10, --rate > 0, --workers >= 1, --kills and --sigterms >= 0, "
                        + "--visibility >= 2, --max-receives >= 1, --slow-percent within 0..100");
            }
            return o;
        }

        FaultPlan plan() {
            Duration publishing = Duration.ofMillis((long) (events / rate * 1000));
            return FaultPlan.spread(publishing, kills, sigterms, freeze, redisStop, refuseWrites);
        }
    }

    /**
     * A fault as it happened: its kind, the worker it hit (pid, or -1 for Redis), when it began and ended
     * (epoch ms; a kill ends when the process is gone, a SIGTERM when the process exited), and the exit
     * status of the worker ({@code -1} for Redis faults).
     */
    record Injected(Kind kind, String target, long pid, long start, long end, int exitCode) {}

    private final Options o;
    private final FaultPlan plan;
    private final Random random;
    private final List<Injected> injected = new CopyOnWriteArrayList<>();
    private final List<Injected> finalStops = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private final AtomicInteger publishFailures = new AtomicInteger();
    private final List<Thread> restarts = new CopyOnWriteArrayList<>();
    private final List<WorkerSlot> slots = new ArrayList<>();
    private volatile boolean publishing;

    FaultSuite(Options o) {
        this.o = o;
        this.plan = o.plan();
        this.random = new Random(o.seed);
    }

    public static void main(String[] args) throws Exception {
        FaultReport report;
        try {
            report = new FaultSuite(Options.parse(args)).run();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        report.print(System.out);
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs the whole suite and returns its report. */
    FaultReport run() throws Exception {
        long began = System.currentTimeMillis();
        prepare(o.logs);
        Path redisServer = Processes.onPath("redis-server").orElseThrow(() -> new IllegalStateException(
                "redis-server is not on the PATH: install it (apt-get install redis-server); ./scripts/faults does"));
        Path aof = Files.createDirectories(o.logs.resolve("redis-dedupe-aof"));
        List<String> withAof = List.of("--dir", aof.toAbsolutePath().toString(), "--appendonly", "yes", "--appendfsync", "everysec",
                "--save", "");
        try (ElasticMqProcess emq = ElasticMqProcess.start(Processes.javaCommand(o.classpath, "1g"), o.logs.resolve("elasticmq.log"));
                RedisProcess dedupe = RedisProcess.start(redisServer, o.logs.resolve("redis-dedupe.log"), withAof);
                RedisProcess ledgerRedis = RedisProcess.start(redisServer, o.logs.resolve("redis-ledger.log"), RedisProcess.NO_PERSISTENCE);
                Ledger ledger = Ledger.connect(ledgerRedis.port());
                SqsClient sqs = Sqs.client(emq.endpoint())) {
            String dlqUrl = sqs.createQueue(r -> r.queueName("faults-dlq")
                    .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String queueUrl = sqs.createQueue(r -> r.queueName("faults").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(o.visibilitySeconds),
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + o.maxReceives + "}"))).queueUrl();
            System.out.printf(Locale.ROOT, "==> fault suite: %,d events at %.0f/s (%d s), %d workers, %d kill -9, %d SIGTERM, "
                            + "Redis stop %d s, freeze %d s, refusing writes %d s; seed %d%n", o.events, o.rate,
                    plan.publishing().toSeconds(), o.workers, plan.count(Kind.KILL), plan.count(Kind.SIGTERM), o.redisStop.toSeconds(),
                    o.freeze.toSeconds(), o.refuseWrites.toSeconds(), o.seed);
            System.out.println("    ElasticMQ (own JVM, pid " + emq.pid() + ") at " + emq.endpoint() + "; dedupe redis-server (AOF) at 127.0.0.1:"
                    + dedupe.port() + "; ledger redis-server (never faulted) at 127.0.0.1:" + ledgerRedis.port() + "; logs in " + o.logs);

            List<String> command = new ArrayList<>(Processes.javaCommand(o.classpath, o.workerHeap));
            command.add(1, "-Dlogback.configurationFile=faults-worker-logback.xml");
            command.addAll(List.of(FaultWorker.class.getName(), "endpoint=" + emq.endpoint(), "queue=" + queueUrl,
                    "dedupe=redis://127.0.0.1:" + dedupe.port(), "ledgerPort=" + ledgerRedis.port(), "slowPercent=" + o.slowPercent,
                    "visibilitySeconds=" + o.visibilitySeconds));
            for (int i = 1; i <= o.workers; i++) {
                slots.add(new WorkerSlot(i, command, o.logs, problem -> {
                    problems.add(problem);
                    System.out.println("    " + problem);
                }));
            }
            try {
                startAll();
                long started = System.currentTimeMillis();
                Thread publisher = Thread.ofPlatform().name("faults-publisher").start(() -> publish(Sqs.bus(sqs, queueUrl)));
                Thread progress = Thread.ofPlatform().daemon().name("faults-progress")
                        .start(() -> progress(started, sqs, queueUrl, dlqUrl, ledger));
                inject(started, dedupe);
                publisher.join();
                // The drain is timed from the end of publishing and of the last fault; workers may still be restarting.
                long drainFrom = System.currentTimeMillis();
                boolean drained = awaitDrained(sqs, queueUrl);
                long drainMillis = System.currentTimeMillis() - drainFrom;
                while (restarts.stream().anyMatch(Thread::isAlive)) { // a SIGTERM's thread adds its restart's
                    Thread.sleep(50);
                }
                progress.interrupt();
                long remaining = Sqs.depth(sqs, queueUrl);
                stopAll();
                List<FaultReport.DlqMessage> deadLetters = drainDlq(sqs, dlqUrl);
                return new FaultReport(o, plan, Set.copyOf(published), publishFailures.get(), ledger.effects(), deadLetters,
                        ledger.redeliveries(), ledger.outcomes(), ledger.warnings(), ledger.leaseLosses(), List.copyOf(injected),
                        List.copyOf(finalStops), List.copyOf(problems), drained, remaining, drainMillis,
                        System.currentTimeMillis() - began);
            } finally {
                for (WorkerSlot slot : slots) {
                    Process p = slot.takeDown();
                    if (p != null && p.isAlive()) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    // ---- workers ------------------------------------------------------------------------------

    private void startAll() throws InterruptedException {
        List<Thread> starting = new ArrayList<>();
        for (WorkerSlot slot : slots) {
            starting.add(Thread.ofVirtual().start(() -> startOrNote(slot)));
        }
        for (Thread t : starting) {
            t.join();
        }
        if (slots.stream().anyMatch(s -> s.ready() == null)) {
            throw new IllegalStateException("workers did not start: " + problems);
        }
    }

    /** Starts the slot's worker, trying again (as an orchestrator would) when a start fails, up to three times. */
    private void startOrNote(WorkerSlot slot) {
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                Process p = slot.start();
                System.out.printf(Locale.ROOT, "    %s up (pid %d)%n", slot.name(), p.pid());
                return;
            } catch (Exception e) {
                System.out.println("    " + slot.name() + " did not start (attempt " + attempt + "): " + e.getMessage());
                if (attempt == START_ATTEMPTS) {
                    problems.add(slot.name() + " did not start in " + START_ATTEMPTS + " attempts: " + e.getMessage());
                }
            }
        }
    }

    /** Starts the slot's worker again a moment after its last one ended, as an orchestrator would. */
    private void restartLater(WorkerSlot slot) {
        restarts.add(Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(RESTART_AFTER);
                startOrNote(slot);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    /** A worker that is up, chosen by the seeded random; waits for one while all are restarting. */
    private WorkerSlot target() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            List<WorkerSlot> up = slots.stream().filter(s -> s.ready() != null).toList();
            if (!up.isEmpty()) {
                return up.get(random.nextInt(up.size()));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no worker came back up within 120 s: " + problems);
    }

    private void kill(long offset) throws InterruptedException {
        WorkerSlot slot = target();
        Process p = slot.takeDown();
        long at = System.currentTimeMillis();
        p.destroyForcibly();
        p.waitFor();
        long gone = System.currentTimeMillis();
        injected.add(new Injected(Kind.KILL, slot.name(), p.pid(), at, gone, p.exitValue()));
        System.out.printf(Locale.ROOT, "  %5.1f s  kill -9 %s (pid %d): exit %d%n", offset / 1000.0, slot.name(), p.pid(), p.exitValue());
        restartLater(slot);
    }

    /** Sends SIGTERM and lets the worker shut down on its own time (the plan goes on meanwhile). */
    private void terminate(long offset) throws InterruptedException {
        WorkerSlot slot = target();
        Process p = slot.takeDown();
        System.out.printf(Locale.ROOT, "  %5.1f s  SIGTERM %s (pid %d)%n", offset / 1000.0, slot.name(), p.pid());
        restarts.add(Thread.ofVirtual().start(() -> {
            Injected stop = stopGracefully(slot.name(), p);
            injected.add(stop);
            System.out.printf(Locale.ROOT, "           %s (pid %d) exited %d, %d ms after SIGTERM%n", slot.name(), p.pid(), stop.exitCode(),
                    stop.end() - stop.start());
            restartLater(slot);
        }));
    }

    private static Injected stopGracefully(String name, Process p) {
        long at = System.currentTimeMillis();
        p.destroy();
        int exit;
        try {
            if (p.waitFor(SIGTERM_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = p.exitValue();
            } else {
                p.destroyForcibly().waitFor();
                exit = -2; // did not exit: killed
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            exit = -2;
        }
        return new Injected(Kind.SIGTERM, name, p.pid(), at, System.currentTimeMillis(), exit);
    }

    /** The workers' final stop after the drain: SIGTERM to all at once. */
    private void stopAll() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (WorkerSlot slot : slots) {
            Process p = slot.takeDown();
            if (p != null && p.isAlive()) {
                stopping.add(Thread.ofVirtual().start(() -> finalStops.add(stopGracefully(slot.name(), p))));
            }
        }
        for (Thread t : stopping) {
            t.join();
        }
    }

    // ---- faults -------------------------------------------------------------------------------

    private void inject(long started, RedisProcess dedupe) throws Exception {
        for (Fault fault : plan.faults()) {
            long wait = started + fault.at().toMillis() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            long offset = System.currentTimeMillis() - started;
            switch (fault.kind()) {
                case KILL -> kill(offset);
                case SIGTERM -> terminate(offset);
                case REDIS_STOP, REDIS_FREEZE, REDIS_REFUSES_WRITES -> storeFault(fault, dedupe, offset);
            }
        }
    }

    private void storeFault(Fault fault, RedisProcess dedupe, long offset) throws Exception {
        System.out.printf(Locale.ROOT, "  %5.1f s  %s for %d s%n", offset / 1000.0, fault.kind().description(), fault.length().toSeconds());
        long start = System.currentTimeMillis();
        switch (fault.kind()) {
            case REDIS_STOP -> {
                dedupe.stop();
                start = System.currentTimeMillis(); // down from here; SIGTERM lets it write its AOF first
                Thread.sleep(fault.length());
                dedupe.start();
            }
            case REDIS_FREEZE -> {
                signal(dedupe.pid(), "-STOP");
                Thread.sleep(fault.length());
                signal(dedupe.pid(), "-CONT");
            }
            case REDIS_REFUSES_WRITES -> {
                try (RedisClient admin = RedisClient.create("127.0.0.1", dedupe.port())) {
                    admin.configSet("maxmemory-policy", "noeviction");
                    admin.configSet("maxmemory", "1");
                    Thread.sleep(fault.length());
                    admin.configSet("maxmemory", "0");
                }
            }
            default -> throw new IllegalArgumentException(fault.kind() + " is not a store fault");
        }
        injected.add(new Injected(fault.kind(), "redis", -1, start, System.currentTimeMillis(), -1));
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    // ---- publishing and draining --------------------------------------------------------------

    /** Streams the events at the configured rate, in batches of 10, keeping each acknowledged event id. */
    private void publish(EventBus bus) {
        publishing = true;
        long start = System.nanoTime();
        int sent = 0;
        try {
            while (sent < o.events) {
                long due = Math.min(o.events, (long) (o.rate * (System.nanoTime() - start) / 1e9));
                if (due - sent < 10 && due < o.events) {
                    Thread.sleep(2);
                    continue;
                }
                int n = Math.min(10, o.events - sent);
                try {
                    for (PublishReceipt receipt : bus.publishAll(Sqs.batch(n))) {
                        published.add(receipt.eventId());
                    }
                } catch (BatchPublishException e) {
                    e.published().forEach(r -> published.add(r.eventId()));
                    publishFailures.addAndGet(e.failed().size());
                } catch (RuntimeException e) {
                    publishFailures.addAndGet(n);
                }
                sent += n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publishing = false;
        }
    }

    /** Waits until the queue holds nothing, visible or in flight; false if the drain timeout passed first. */
    private boolean awaitDrained(SqsClient sqs, String queueUrl) throws InterruptedException {
        long deadline = System.nanoTime() + o.drainTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Sqs.depth(sqs, queueUrl) == 0) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Takes every message off the DLQ (none should be there), with its reason and event id. */
    private static List<FaultReport.DlqMessage> drainDlq(SqsClient sqs, String dlqUrl) {
        List<FaultReport.DlqMessage> letters = new ArrayList<>();
        int empty = 0;
        while (empty < 2) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(600).messageAttributeNames("All")).messages();
            empty = messages.isEmpty() ? empty + 1 : 0;
            for (Message m : messages) {
                letters.add(FaultReport.DlqMessage.of(m.body(), m.messageAttributes()));
            }
        }
        return letters;
    }

    private void progress(long started, SqsClient sqs, String queueUrl, String dlqUrl, Ledger ledger) {
        try {
            while (true) {
                Thread.sleep(PROGRESS_EVERY);
                long up = slots.stream().filter(s -> s.ready() != null).count();
                System.out.printf(Locale.ROOT, "  %5.1f s  published %,d%s, side effects %,d, on the queue %,d, in the DLQ %,d, workers up %d of %d%n",
                        (System.currentTimeMillis() - started) / 1000.0, published.size(), publishing ? "" : " (done)",
                        ledger.effectCount(), Sqs.depth(sqs, queueUrl), Sqs.depth(sqs, dlqUrl), up, slots.size());
            }
        } catch (InterruptedException e) {
            // the run is over
        } catch (RuntimeException e) {
            System.out.println("    (progress unavailable: " + e.getMessage() + ")");
        }
    }

    /** Empties the log directory of an earlier run (its AOF too: every run starts from an empty Redis). */
    private static void prepare(Path logs) throws IOException {
        if (Files.exists(logs)) {
            try (var files = Files.walk(logs)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!f.equals(logs)) {
                        Files.delete(f);
                    }
                }
            }
        }
        Files.createDirectories(logs);
    }
}
