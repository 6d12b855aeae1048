package dev.eventbus.bench;

import dev.eventbus.EventBus;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs every benchmark in one go and writes the report: ElasticMQ in its own JVM, a real redis-server,
 * and each contender in a child JVM of its own ({@link Child}), warmed up once and reused for its runs.
 *
 * <p>Options: {@code --messages N} (50,000), {@code --reps R} (3), {@code --warmup W} (30,000), {@code --warmup-reps U} (1),
 * {@code --publish-messages N} (30,000), {@code --scaling-messages N} (20,000),
 * {@code --pollers P} (16), {@code --publish-threads T} (8), {@code --latency-seconds S} (10),
 * {@code --scaling 1,2,4,8,16}, {@code --heap 1g}, {@code --out docs/benchmarks.md}, {@code --jfr DIR} (a CPU-time profile of each contender's JVM and of
 * ElasticMQ's); and for A/B
 * runs while working on one contender, {@code --contenders raw-redis,worker-redis} and {@code --phases consume}.
 */
public final class Bench {

    static final List<String> PUBLISH = List.of("publish-single", "publish-batch", "publish-raw");
    static final List<String> LATENCY = List.of("raw", "raw-redis", "worker-redis");
    static final List<String> PHASES = List.of("consume", "publish", "latency", "scaling", "outbox", NotificationPhase.PHASE, "dlq");
    /** A fixed number of compiler threads in each contender JVM, so their CPU time (reported per run) is never lost with one that ends. */
    static final String FIXED_COMPILER_THREADS = "-XX:-UseDynamicNumberOfCompilerThreads";

    /** One child run's figures, plus the servers' CPU over its timed part. */
    record Run(String phase, String contender, int rep, int pollers, Map<String, String> result, double emqCpuSeconds,
            double redisCpuSeconds) {
        double get(String key) {
            return Double.parseDouble(result.getOrDefault(key, "0"));
        }

        double rate() {
            return get("rate");
        }

        /** CPU-seconds per 10,000 messages of the child process. */
        double cpuPer10k() {
            return get("cpuSeconds") * 10_000 / get("messages");
        }

        double emqCpuPer10k() {
            return emqCpuSeconds * 10_000 / get("messages");
        }

        /** The part of {@link #cpuPer10k()} the child's JIT compiler threads used. */
        double jitCpuPer10k() {
            return get("jitCpuSeconds") * 10_000 / get("messages");
        }
    }

    static final class Options {
        int messages = 50_000;
        int reps = 3;
        /** Untimed repetitions of the consume and publish phases before the measured ones (reported as rep 0, -1, ...; not counted). */
        int warmupReps = 1;
        int warmup = 30_000;
        /** Runs of 10,000 lasted about 1.5 s, too short to compare: the ratio swung from 0.7x to 1.0x between runs. */
        int publishMessages = 30_000;
        int scalingMessages = 20_000;
        /** Dead letters per replay and redrive run of the DLQ tool's phase, and per stats run (issue 16's goal is 50,000). */
        int dlqMessages = 10_000;
        int dlqStatsMessages = 50_000;
        int pollers = 16;
        int publishThreads = 8;
        int latencySeconds = 10;
        /** The outbox relay's backlog (issue 18), and the publishAll run it is compared with. */
        int outboxMessages = 50_000;
        /** The outbox latency run's commit rate; 0 (the default) is half the relay's median rate, as issue 18 asks. */
        int outboxLatencyRate;
        List<Integer> scaling = List.of(1, 2, 4, 8, 16);
        String heap = "1g";
        Path out = Path.of("docs/benchmarks.md");
        String classpath = expandWildcards(System.getProperty("bench.classpath", System.getProperty("java.class.path")));
        Path logs = Path.of("benchmarks/target/bench-logs");
        /** When set, every contender JVM records a JFR profile there (for finding what limits a goal; adds overhead). */
        Path jfr;
        /** The consume contenders to run (all by default); a subset is for A/B runs while working on one of them. */
        List<String> contenders = Contenders.CONSUME;
        /** The phases to run (all by default); a report from fewer leaves the others' tables empty. */
        List<String> phases = PHASES;
        /** Extra flags for every contender JVM (not ElasticMQ's), e.g. for trying JIT settings. */
        List<String> jvmOpts = new ArrayList<>();
        /**
         * When set, each contender JVM starts from an AOT cache (JDK 25's {@code -XX:AOTCache}: classes loaded
         * and linked, and method profiles for the JIT) trained there by a JVM of its own that ran the same
         * warm-up first; so the measured JVMs reach their steady state sooner.
         */
        Path aot;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--messages" -> o.messages = Integer.parseInt(v);
                    case "--reps" -> o.reps = Integer.parseInt(v);
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--warmup-reps" -> o.warmupReps = Integer.parseInt(v);
                    case "--publish-messages" -> o.publishMessages = Integer.parseInt(v);
                    case "--scaling-messages" -> o.scalingMessages = Integer.parseInt(v);
                    case "--dlq-messages" -> o.dlqMessages = Integer.parseInt(v);
                    case "--dlq-stats-messages" -> o.dlqStatsMessages = Integer.parseInt(v);
                    case "--pollers" -> o.pollers = Integer.parseInt(v);
                    case "--publish-threads" -> o.publishThreads = Integer.parseInt(v);
                    case "--latency-seconds" -> o.latencySeconds = Integer.parseInt(v);
                    case "--outbox-messages" -> o.outboxMessages = Integer.parseInt(v);
                    case "--outbox-latency-rate" -> o.outboxLatencyRate = Integer.parseInt(v);
                    case "--scaling" -> o.scaling = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                    case "--heap" -> o.heap = v;
                    case "--out" -> o.out = Path.of(v);
                    case "--logs" -> o.logs = Path.of(v);
                    case "--jfr" -> o.jfr = Path.of(v);
                    case "--contenders" -> o.contenders = subset(v, Contenders.CONSUME, "contender");
                    case "--phases" -> o.phases = subset(v, PHASES, "phase");
                    case "--jvm-opt" -> o.jvmOpts.add(v);
                    case "--aot" -> o.aot = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --messages --reps --warmup --warmup-reps --dlq-messages --dlq-stats-messages --pollers --publish-threads --latency-seconds --scaling "
                            + "--heap --out --logs --jfr DIR --contenders a,b --phases a,b --jvm-opt FLAG --aot DIR --outbox-messages N --outbox-latency-rate R");
                }
                i++;
            }
            o.messages = Math.max(10, o.messages / 10 * 10);
            o.warmup = Math.max(10, o.warmup / 10 * 10);
            o.publishMessages = Math.max(10, o.publishMessages / 10 * 10);
            o.scalingMessages = Math.max(10, o.scalingMessages / 10 * 10);
            o.dlqMessages = Math.max(10, o.dlqMessages / 10 * 10);
            o.dlqStatsMessages = Math.max(10, o.dlqStatsMessages / 10 * 10);
            o.outboxMessages = Math.max(10, o.outboxMessages / 10 * 10);
            return o;
        }

        /**
         * The class path with each {@code dir/*} entry spelled out as its jars (sorted), so every JVM started
         * with it, and an AOT cache trained by one of them (which must see the same class path), agree.
         */
        static String expandWildcards(String classpath) {
            List<String> entries = new ArrayList<>();
            for (String entry : classpath.split(File.pathSeparator)) {
                if (entry.endsWith("*")) {
                    try (var jars = Files.list(Path.of(entry.substring(0, entry.length() - 1)))) {
                        jars.map(Path::toString).filter(j -> j.endsWith(".jar")).sorted().forEach(entries::add);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException("cannot list the class path entry " + entry, e);
                    }
                } else if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
            return String.join(File.pathSeparator, entries);
        }

        private static List<String> subset(String value, List<String> known, String what) {
            List<String> chosen = List.of(value.split(","));
            for (String c : chosen) {
                if (!known.contains(c)) {
                    throw new IllegalArgumentException("unknown " + what + " " + c + "; known: " + String.join(",", known));
                }
            }
            return known.stream().filter(chosen::contains).toList();
        }
    }

    private final Options o;
    private final List<Run> runs = new ArrayList<>();
    private final AtomicInteger queueSeq = new AtomicInteger();
    private ElasticMqProcess emq;
    private RedisProcess redisProcess;
    private URI endpoint;
    private int redisPort;
    private SqsClient sqs;
    private RedisClient redis;
    private double latencyRate;
    private Sqs.Template template;
    private double fillSeconds;
    private long fillMessages;
    private final Map<String, ChildJvm> children = new LinkedHashMap<>();
    /** The outbox phase's PostgreSQL, for the relay contender's JVM. */
    private String jdbcUrl;

    Bench(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path report = new Bench(options).run();
        System.out.println("==> wrote " + report);
        System.exit(0);
    }

    /** Runs everything and writes the report; returns its path. */
    Path run() throws Exception {
        Instant started = Instant.now();
        Files.createDirectories(o.logs);
        try (var old = Files.list(o.logs)) {
            for (Path f : old.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Path redisServer = Processes.onPath("redis-server").orElseThrow(() -> new IllegalStateException(
                "redis-server is not on the PATH: install it (apt-get install redis-server); ./scripts/bench does"));
        try {
            startServers(redisServer);
            inPhaseOrder(o.phases, Map.of("consume", this::consumePhase, "publish", this::publishPhase,
                    "latency", this::latencyPhase, "scaling", this::scalingPhase, "outbox", this::outboxPhase,
                    NotificationPhase.PHASE, () -> runs.addAll(
                            new NotificationPhase(o, sqs, endpoint, redisPort, emq, redisProcess, childJavaCommand()).run()),
                    "dlq", this::dlqPhase));
            Duration took = Duration.between(started, Instant.now());
            System.out.printf(java.util.Locale.ROOT, "==> filled queues at %,.0f msg/s; whole run %d s%n", fillMessages / fillSeconds,
                    took.toSeconds());
            return new Report(o, runs, latencyRate, took, redisVersion(redisServer)).write();
        } finally {
            stopServers();
        }
    }

    // ---- phases -------------------------------------------------------------------------------

    private void consumePhase() throws Exception {
        // Every contender's JVM warms up before the first measured run; this also warms ElasticMQ's JIT
        // (7 x the warm-up count through the server), so the first contender does not meet a cold server.
        for (String contender : o.contenders) {
            child("consume", contender);
        }
        alternating(o.contenders, (contender, rep) -> consume("consume", contender, rep, o.pollers, o.messages));
    }

    private void publishPhase() throws Exception {
        for (String contender : PUBLISH) {
            child("publish", contender);
        }
        alternating(PUBLISH, (contender, rep) -> {
            String queue = Sqs.createQueue(sqs, "bench-" + queueSeq.incrementAndGet());
            try {
                return measure(child("publish", contender), "publish", rep, "publish", queue, o.publishMessages,
                        o.publishThreads, null);
            } finally {
                Sqs.deleteQueue(sqs, queue);
            }
        });
    }

    /**
     * The outbox relay (issue 18): events/s relayed from a backlog of {@code --outbox-messages} rows next to
     * {@code publishAll} of as many events (alternating repetitions), then commit-to-queue latency with the relay
     * running while transactions commit at half its median rate.
     */
    private void outboxPhase() throws Exception {
        try (OutboxBench db = OutboxBench.start()) {
            jdbcUrl = db.jdbcUrl();
            System.out.println("==> outbox: PostgreSQL embedded at " + jdbcUrl);
            child("publish", "publish-batch");
            child("relay", "relay");
            alternating(List.of("relay", "publish-batch"), (contender, rep) -> {
                String queue = Sqs.createQueue(sqs, "bench-" + queueSeq.incrementAndGet());
                try {
                    if (contender.equals("publish-batch")) {
                        return measure(child("publish", contender), "outbox", rep, "publish", queue, o.outboxMessages, o.publishThreads,
                                null);
                    }
                    db.truncate();
                    double fillRate = db.fill(Sqs.bus(sqs, queue), o.outboxMessages);
                    Run run = measure(child("relay", contender), "outbox", rep, "relay", queue, o.outboxMessages, 0, null);
                    run.result().put("fillRate", Double.toString(fillRate));
                    return run;
                } finally {
                    Sqs.deleteQueue(sqs, queue);
                }
            });
            double relayRate = median(runs.stream().filter(r -> r.phase().equals("outbox") && r.contender().equals("relay"))
                    .map(Run::rate).toList());
            double rate = o.outboxLatencyRate > 0 ? o.outboxLatencyRate : Math.max(50, Math.round(relayRate / 2 / 100) * 100);
            int messages = (int) Math.max(100, rate * o.latencySeconds) / 10 * 10;
            String queue = Sqs.createQueue(sqs, "bench-" + queueSeq.incrementAndGet());
            try {
                db.truncate();
                List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
                Run run = measure(child("relay", "relay"), "outbox-latency", 1, "relay", queue, messages, 0,
                        () -> latencies.addAll(db.commitAtRate(sqs, Sqs.bus(sqs, queue), queue, messages, rate)));
                run.result().putAll(OutboxBench.percentiles(latencies));
                run.result().put("targetRate", Double.toString(rate));
                runs.add(run);
                System.out.printf(java.util.Locale.ROOT, "    outbox   commit-to-queue at %.0f events/s: p50 %s ms, p99 %s ms%n", rate,
                        run.result().get("p50Ms"), run.result().get("p99Ms"));
            } finally {
                Sqs.deleteQueue(sqs, queue);
            }
        } finally {
            jdbcUrl = null;
        }
    }

    /** One measured run of a contender, its repetition numbered from 1 (0 and below are untimed). */
    private interface Repetition {
        Run run(String contender, int rep) throws Exception;
    }

    /**
     * Runs {@code contenders} in turn (1 2 3, 1 2 3, ...), first {@code --warmup-reps} untimed rounds, then the
     * measured ones, which are kept. The untimed rounds are there because each contender's JIT kept compiling
     * through its first measured runs after the warm-up (several seconds per run, and that run's CPU per
     * message up to twice the next one's): the SDK's per-request code runs once per ten messages, and ours,
     * with more code, compiled the longest.
     */
    private void alternating(List<String> contenders, Repetition repetition) throws Exception {
        for (int rep = 1 - o.warmupReps; rep <= o.reps; rep++) {
            for (String contender : contenders) {
                Run run = repetition.run(contender, rep);
                if (rep >= 1) {
                    runs.add(run);
                }
            }
        }
    }

    /**
     * Publishes at about half our worker's measured maximum (with Redis dedupe) and times publish-to-handler. The
     * maximum is its slowest consume repetition: publishing and consuming now share the two cores, and half of a
     * lucky median (once 3,000 msg/s) already saturated them, so every consumer's latency measured its backlog.
     */
    private void latencyPhase() throws Exception {
        double max = runs.stream().filter(r -> r.phase().equals("consume") && r.contender().equals("worker-redis"))
                .mapToDouble(Run::rate).min().orElse(0);
        latencyRate = Math.max(50, Math.round(max / 2 / 100) * 100);
        int messages = (int) Math.max(100, latencyRate * o.latencySeconds) / 10 * 10;
        for (String contender : LATENCY) {
            String queue = Sqs.createQueue(sqs, "bench-" + queueSeq.incrementAndGet());
            try {
                redis.flushAll();
                EventBus bus = Sqs.bus(sqs, queue);
                runs.add(measure(child("consume", contender), "latency", 1, "latency", queue, messages, o.pollers,
                        () -> publishAtRate(bus, messages, latencyRate)));
            } finally {
                Sqs.deleteQueue(sqs, queue);
            }
        }
    }

    /** The DLQ tool (issue 16): replay, SQS's own redrive and stats, each on a freshly filled DLQ; see {@link DlqPhase}. */
    private void dlqPhase() throws Exception {
        for (String contender : DlqPhase.CONTENDERS) {
            child("dlq", contender);
        }
        alternating(DlqPhase.CONTENDERS, (contender, rep) -> {
            int messages = contender.equals("cli-stats") ? o.dlqStatsMessages : o.dlqMessages;
            DlqPhase.Queues queues = DlqPhase.fill(sqs, template, messages, "bench-" + queueSeq.incrementAndGet());
            try {
                Run run = measure(child("dlq", contender), "dlq", rep, contender, queues.source(), messages, DlqPhase.RECEIVERS, null);
                DlqPhase.verify(sqs, queues, contender, messages);
                return run;
            } finally {
                queues.delete(sqs);
            }
        });
    }

    private void scalingPhase() throws Exception {
        for (int pollers : o.scaling) {
            runs.add(consume("scaling", "worker-redis", 1, pollers, o.scalingMessages));
        }
    }

    private Run consume(String phase, String contender, int rep, int pollers, int messages) throws Exception {
        ChildJvm child = child("consume", contender);
        String queue = Sqs.createQueue(sqs, "bench-" + queueSeq.incrementAndGet());
        try {
            long t0 = System.nanoTime();
            template.fill(sqs, queue, messages, 16);
            fillSeconds += (System.nanoTime() - t0) / 1e9;
            fillMessages += messages;
            redis.flushAll();
            return measure(child, phase, rep, "consume", queue, messages, pollers, null);
        } finally {
            Sqs.deleteQueue(sqs, queue);
        }
    }

    /** A contender's JVM: started and warmed up the first time it is needed, then reused for every run. */
    private ChildJvm child(String kind, String contender) throws Exception {
        String key = kind + "-" + contender;
        ChildJvm existing = children.get(key);
        if (existing != null) {
            return existing;
        }
        List<String> flags = new ArrayList<>();
        if (o.aot != null) {
            Path cache = o.aot.toAbsolutePath().resolve(key + ".aot");
            Files.createDirectories(o.aot);
            Files.deleteIfExists(cache);
            System.out.println("    training an AOT cache for " + key);
            ChildJvm trainer = start(kind, contender, key + "-aot-training", List.of("-XX:AOTCacheOutput=" + cache));
            trainer.exit(Duration.ofMinutes(2)); // the JVM writes the cache as it exits
            if (Files.isRegularFile(cache)) {
                // AOTMode=on: a JVM that cannot use the cache fails to start, instead of quietly running without it
                flags.add("-XX:AOTMode=on");
                flags.add("-XX:AOTCache=" + cache);
            } else {
                System.out.println("    no AOT cache was written for " + key + " (see " + trainer.log() + "); it starts without one");
            }
        }
        if (o.jfr != null) {
            flags.add(jfrFlag(key));
        }
        ChildJvm child = start(kind, contender, key, flags);
        children.put(key, child);
        return child;
    }

    /** Starts a contender's JVM (logging to {@code logName}.log) and waits until it has warmed up. */
    private ChildJvm start(String kind, String contender, String logName, List<String> flags) throws Exception {
        String key = kind + "-" + contender;
        String warm = Sqs.createQueue(sqs, "bench-" + queueSeq.incrementAndGet() + "-warm");
        try {
            int pollers = kind.equals("publish") ? o.publishThreads : o.pollers;
            if (kind.equals("consume")) {
                template.fill(sqs, warm, o.warmup, 16);
                redis.flushAll();
            }
            List<String> command = new ArrayList<>(javaCommand(o.heap));
            command.add(1, FIXED_COMPILER_THREADS);
            command.addAll(1, o.jvmOpts);
            command.addAll(1, flags);
            command.add(Child.class.getName());
            command.addAll(List.of("kind=" + kind, "contender=" + contender, "endpoint=" + endpoint, "redisPort=" + redisPort,
                    "warmupQueue=" + warm, "warmup=" + o.warmup, "pollers=" + pollers));
            if (kind.equals("relay")) {
                command.add("jdbcUrl=" + jdbcUrl);
            }
            Path log = o.logs.resolve(logName + ".log");
            System.out.println("    warming up " + logName);
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            ChildJvm child = new ChildJvm(key, p, log);
            String line = Processes.firstLine(child.out(), l -> l.equals("READY") || l.startsWith("RESULT"));
            if (!"READY".equals(line)) {
                p.destroyForcibly();
                throw new IllegalStateException(key + " did not warm up (" + line + "); see " + log);
            }
            return child;
        } finally {
            Sqs.deleteQueue(sqs, warm);
        }
    }

    /** One measured run in a contender's JVM; {@code onStart} (the latency run's publisher) runs once its clock started. */
    private Run measure(ChildJvm child, String phase, int rep, String mode, String queue, int messages, int pollers,
            ThrowingRunnable onStart) throws Exception {
        child.send("RUN mode=" + mode + " queue=" + queue + " messages=" + messages + " pollers=" + pollers);
        Map<String, String> result = null;
        double emq0 = 0;
        double redis0 = 0;
        double emq1 = 0;
        double redis1 = 0;
        Thread publisher = null;
        String line;
        while ((line = child.readLine()) != null) {
            if (line.equals("START")) {
                emq0 = cpuSeconds(emq.pid());
                redis0 = cpuSeconds(redisProcess.pid());
                if (onStart != null) {
                    publisher = Thread.ofVirtual().name("latency-publisher").start(() -> {
                        try {
                            onStart.run();
                        } catch (Exception e) {
                            System.err.println("latency publisher failed: " + e);
                        }
                    });
                }
            } else if (line.startsWith("RESULT")) {
                emq1 = cpuSeconds(emq.pid());
                redis1 = cpuSeconds(redisProcess.pid());
                result = Sqs.keyValues(line.substring("RESULT".length()).trim().split(" "));
                break;
            }
        }
        if (publisher != null) {
            publisher.join();
        }
        if (result == null || result.containsKey("error")) {
            throw new IllegalStateException(phase + " run of " + child.key() + " failed: "
                    + (result == null ? "it exited" : result.get("error")) + "; see " + child.log());
        }
        String contender = child.key().substring(child.key().indexOf('-') + 1);
        Run run = new Run(phase, contender, rep, pollers, result, emq1 - emq0, redis1 - redis0);
        System.out.printf(java.util.Locale.ROOT,
                "    %-8s %-16s rep %d, %2d pollers: %,8.0f msg/s, %.2f CPU-s/10k (JIT %.2f), ElasticMQ %.2f, JIT %.1f s%s%n",
                phase, contender, rep, pollers, run.rate(), run.cpuPer10k(), run.jitCpuPer10k(), run.emqCpuPer10k(),
                run.get("jitMs") / 1000,
                phase.equals("latency") ? String.format(java.util.Locale.ROOT, ", p50 %.1f ms, p99 %.1f ms", run.get("p50Ms"),
                        run.get("p99Ms")) : "");
        return run;
    }

    /** A child JVM running one contender; commands on its stdin, replies on its stdout. */
    record ChildJvm(String key, Process process, Path log, BufferedReader out, java.io.PrintWriter in) {
        ChildJvm(String key, Process process, Path log) {
            this(key, process, log, new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    new java.io.PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8));
        }

        String readLine() throws IOException {
            return out.readLine();
        }

        void send(String command) {
            in.println(command);
        }

        void exit() {
            exit(Duration.ofSeconds(3));
        }

        /** Asks the JVM to exit and waits up to {@code patience} before killing it. */
        void exit(Duration patience) {
            try {
                in.println("EXIT");
                if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /** Sends {@code messages} events at {@code rate} per second in batches of 10, each stamped as it is sent. */
    private static void publishAtRate(EventBus bus, int messages, double rate) throws InterruptedException {
        long start = System.nanoTime();
        int sent = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            while (sent < messages) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                int due = (int) Math.min(messages, rate * elapsed);
                while (due - sent >= 10 || (due == messages && sent < messages)) {
                    int n = Math.min(10, messages - sent);
                    pool.submit(() -> bus.publishAll(Sqs.batch(n)));
                    sent += n;
                }
                Thread.sleep(2);
            }
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Runs, in the order of {@link #PHASES}, the step {@code steps} has for each phase among {@code phases}. */
    static void inPhaseOrder(List<String> phases, Map<String, ThrowingRunnable> steps) throws Exception {
        for (String phase : PHASES) {
            ThrowingRunnable step = steps.get(phase);
            if (step != null && phases.contains(phase)) {
                step.run();
            }
        }
    }

    // ---- servers ------------------------------------------------------------------------------

    private void startServers(Path redisServer) throws Exception {
        List<String> command = new ArrayList<>(javaCommand("2g"));
        if (o.jfr != null) {
            command.add(1, jfrFlag("elasticmq"));
        }
        emq = ElasticMqProcess.start(command, o.logs.resolve("elasticmq.log"));
        endpoint = emq.endpoint();
        sqs = Sqs.client(endpoint);

        redisProcess = RedisProcess.start(redisServer, o.logs.resolve("redis.log"), RedisProcess.NO_PERSISTENCE);
        redisPort = redisProcess.port();
        redis = RedisClient.builder().hostAndPort("127.0.0.1", redisPort).build();
        template = Sqs.Template.capture(sqs);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServers));
        System.out.println("==> ElasticMQ at " + endpoint + " (pid " + emq.pid() + "), redis-server at 127.0.0.1:" + redisPort);
    }

    private synchronized void stopServers() {
        children.values().forEach(ChildJvm::exit);
        children.clear();
        if (redis != null) {
            redis.close();
            redis = null;
        }
        if (emq != null) {
            emq.close();
        }
        if (redisProcess != null) {
            redisProcess.close();
        }
    }

    /**
     * The flag that makes a JVM record a JFR profile into {@code --jfr}'s directory, as {@code name}.jfr, until
     * it exits. CPU-time samples (JDK 25) also cover time in native code and the kernel (socket I/O, parking),
     * which the profile's execution samples miss.
     */
    private String jfrFlag(String name) throws IOException {
        Files.createDirectories(o.jfr);
        return "-XX:StartFlightRecording=settings=profile,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms,"
                + "filename=" + o.jfr.toAbsolutePath().resolve(name + ".jfr");
    }

    /** The java command for the notification phase's worker JVM, with every contender's flags. */
    private List<String> childJavaCommand() {
        List<String> command = new ArrayList<>(javaCommand(o.heap));
        command.add(1, FIXED_COMPILER_THREADS);
        command.addAll(1, o.jvmOpts);
        return command;
    }

    /** The java command for a child: same JVM, same flags, its own heap limit. */
    private List<String> javaCommand(String heap) {
        return Processes.javaCommand(o.classpath, heap);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** User + system CPU of a process, from /proc/PID/stat (clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) {
        return cpuSeconds(Path.of("/proc/" + pid + "/stat"));
    }

    /** User + system CPU from a /proc stat file (a process's or a thread's), or 0 if it is gone. */
    static double cpuSeconds(Path statFile) {
        return ProcStat.read(statFile).map(ProcStat::cpuSeconds).orElse(0.0);
    }

    /** The fields of a /proc/PID/stat or /proc/PID/task/TID/stat file this harness reads. */
    record ProcStat(String name, double cpuSeconds) {
        static java.util.Optional<ProcStat> read(Path statFile) {
            try {
                String stat = Files.readString(statFile);
                int close = stat.lastIndexOf(')');
                String[] f = stat.substring(close + 2).split(" ");
                // utime and stime, in clock ticks of 1/100 s
                return java.util.Optional.of(new ProcStat(stat.substring(stat.indexOf('(') + 1, close),
                        (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0));
            } catch (IOException | RuntimeException e) {
                return java.util.Optional.empty(); // the process or thread ended
            }
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String redisVersion(Path redisServer) {
        try {
            Process p = new ProcessBuilder(redisServer.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\S+)").matcher(out);
            return m.find() ? m.group(1) : out.trim();
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
