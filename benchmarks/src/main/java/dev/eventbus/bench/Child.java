package dev.eventbus.bench;

import dev.eventbus.EventBus;
import dev.eventbus.events.Events;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One contender in a JVM of its own, so its CPU time, heap and RSS are its own. It warms up once
 * (JIT), then runs the measured runs the orchestrator asks for on stdin, one at a time: the
 * repetitions alternate between these processes without any of them starting cold again.
 *
 * <p>Arguments ({@code key=value}): {@code kind} (consume, publish or relay), {@code contender}, {@code endpoint},
 * {@code redisPort}, {@code warmupQueue}, {@code warmup}, {@code pollers}, {@code jdbcUrl} (relay). Commands on stdin:
 * {@code RUN mode=consume|latency|publish|relay|cli-replay|sqs-redrive|cli-stats queue=URL messages=N pollers=P}, and {@code EXIT}. Replies on
 * stdout: {@code READY} after the warm-up; per run {@code START} when the clock starts and one
 * {@code RESULT key=value ...} line.
 */
public final class Child {

    private final Map<String, String> args;
    private final String contender;
    private final SqsClient sqs;
    private final Contenders.Env env;
    private final HeapSampler heap = HeapSampler.start();

    private Child(Map<String, String> args) {
        this.args = args;
        this.contender = args.get("contender");
        URI endpoint = URI.create(args.get("endpoint"));
        this.sqs = Sqs.client(endpoint);
        SqsAsyncClient async = contender.startsWith("sca") ? Sqs.asyncClient(endpoint) : null;
        this.env = new Contenders.Env(endpoint, sqs, async, Integer.parseInt(args.getOrDefault("redisPort", "0")));
    }

    public static void main(String[] argv) throws Exception {
        Child child = new Child(Sqs.keyValues(argv));
        warmUp(() -> {
            child.warmUp();
            awaitQuietJit();
        });
        serveRuns(child.heap, run -> switch (run.get("mode")) {
            case "consume" -> child.consume(run, false);
            case "latency" -> child.consume(run, true);
            case "publish" -> child.publish(run);
            case "relay" -> child.relay(run);
            case "cli-replay", "sqs-redrive", "cli-stats" -> DlqPhase.run(child.sqs, URI.create(child.args.get("endpoint")),
                    run.get("mode"), run.get("queue"), Integer.parseInt(run.get("messages")), true);
            default -> throw new IllegalArgumentException("unknown mode " + run.get("mode"));
        });
    }

    /** One measured run: its figures, from the {@code RUN} command's arguments. */
    @FunctionalInterface
    interface MeasuredRun {
        Map<String, Object> run(Map<String, String> args) throws Exception;
    }

    /** Runs the warm-up and says {@code READY}; on failure says {@code RESULT error=...} and halts. */
    static void warmUp(Bench.ThrowingRunnable warmUp) {
        try {
            warmUp.run();
            System.out.println("READY");
            System.out.flush();
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("RESULT error=" + e.toString().replace(' ', '_'));
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    /**
     * Serves {@code RUN ...} commands from stdin until {@code EXIT}: each run's figures, plus the JIT's
     * time and CPU during it and the heap and RSS peaks, as one {@code RESULT key=value ...} line. Then exits.
     */
    static void serveRuns(HeapSampler heap, MeasuredRun measured) throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("EXIT")) {
            if (!line.startsWith("RUN ")) {
                continue;
            }
            String out;
            try {
                Map<String, String> run = Sqs.keyValues(line.substring(4).split(" "));
                long jit0 = jitMillis();
                double jitCpu0 = jitCpuSeconds();
                Map<String, Object> result = measured.run(run);
                result.put("jitMs", jitMillis() - jit0);
                result.put("jitCpuSeconds", jitCpuSeconds() - jitCpu0);
                result.put("heapPeakMb", heap.peakMb());
                result.put("rssPeakMb", rssPeakMb());
                StringBuilder b = new StringBuilder("RESULT");
                result.forEach((k, v) -> b.append(' ').append(k).append('=').append(
                        v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v));
                out = b.toString();
            } catch (Throwable e) {
                e.printStackTrace();
                out = "RESULT error=" + e.toString().replace(' ', '_');
            }
            System.out.println(out);
            System.out.flush();
        }
        System.exit(0); // not halt: a JFR recording (--jfr) is written by a shutdown hook
    }

    /** Milliseconds the JIT compilers have spent so far, or 0 if the JVM does not say. */
    private static long jitMillis() {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * Waits, idle, until the JIT compilers have had nothing to do for a second (at most 30 s). On two
     * cores kept busy by ElasticMQ and the contender, the compiler threads fall behind during the
     * warm-up, and a contender with more code (ours: JSON tree, schema check, Redis scripts) would
     * otherwise finish compiling during its first measured runs. Logs how long it waited.
     */
    static void awaitQuietJit() throws InterruptedException {
        long started = System.nanoTime();
        long last = jitMillis();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 1_000_000_000L && System.nanoTime() - started < 30_000_000_000L) {
            Thread.sleep(100);
            long now = jitMillis();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        System.err.printf(java.util.Locale.ROOT, "JIT quiet after %d ms idle (compilation so far %d ms)%n",
                (System.nanoTime() - started) / 1_000_000, last);
    }

    /** The same work as a measured run, untimed, on a queue of its own. */
    private void warmUp() throws Exception {
        int warmup = Integer.parseInt(args.get("warmup"));
        int pollers = Integer.parseInt(args.get("pollers"));
        String queue = args.get("warmupQueue");
        if (args.get("kind").equals("dlq")) {
            DlqPhase.warmUp(sqs, URI.create(args.get("endpoint")), contender, Math.min(warmup, 10_000));
            return;
        }
        if (args.get("kind").equals("publish")) {
            Sqs.inBatches(warmup, pollers, sender(queue));
            return;
        }
        if (args.get("kind").equals("relay")) {
            EventBus bus = Sqs.bus(sqs, queue);
            OutboxBench.fill(OutboxBench.dataSource(args.get("jdbcUrl")), bus, warmup);
            OutboxBench.relay(bus, args.get("jdbcUrl"), warmup);
            return;
        }
        Counter counter = new Counter(warmup * 2);
        AutoCloseable running = Contenders.start(contender, env, queue, pollers, counter, true);
        awaitDrained(queue, counter, warmup, 180);
        running.close();
    }

    private Map<String, Object> consume(Map<String, String> run, boolean latencyRun) throws Exception {
        int pollers = Integer.parseInt(run.get("pollers"));
        int messages = Integer.parseInt(run.get("messages"));
        String queue = run.get("queue");
        Counter counter = new Counter(latencyRun ? messages : 0);
        Map<String, Long> calls0 = SqsCalls.INSTANCE.snapshot();
        AutoCloseable running;
        long cpu0;
        long t0;
        if (latencyRun) {
            // Pollers first, then the clock and the publisher: latency is measured per message, not the run's length.
            running = Contenders.start(contender, env, queue, pollers, counter, false);
            Thread.sleep(1000);
            cpu0 = cpuNanos();
            t0 = System.nanoTime();
            started();
        } else {
            cpu0 = cpuNanos();
            t0 = System.nanoTime();
            started();
            running = Contenders.start(contender, env, queue, pollers, counter, false);
        }
        awaitDrained(queue, counter, messages, latencyRun ? 300 : 180);
        long t1 = System.nanoTime();
        long cpu1 = cpuNanos();
        String calls = SqsCalls.since(calls0, SqsCalls.INSTANCE.snapshot());
        // Stopped before replying, so no poll is left waiting on a queue the orchestrator deletes next; at most 1 s
        // (Spring's default 10 s long poll would take longer and adds nothing to measure).
        Thread closing = Thread.ofVirtual().start(() -> {
            try {
                running.close();
            } catch (Exception e) {
                // the queue is deleted next anyway
            }
        });
        closing.join(1000);
        Map<String, Object> r = result(counter.handled(), t1 - t0, cpu1 - cpu0);
        r.put("sqsCalls", calls);
        if (running instanceof Contenders.RawLoop raw) {
            r.put("perReceive", raw.messagesPerReceive());
        }
        if (latencyRun) {
            double[] p = counter.latencyMillis();
            r.put("p50Ms", p[0]);
            r.put("p99Ms", p[1]);
            r.put("maxMs", p[2]);
        }
        return r;
    }

    private Map<String, Object> publish(Map<String, String> run) throws Exception {
        int messages = Integer.parseInt(run.get("messages"));
        int threads = Integer.parseInt(run.get("pollers"));
        IntConsumer sendBatch = sender(run.get("queue"));
        Map<String, Long> calls0 = SqsCalls.INSTANCE.snapshot();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        started();
        Sqs.inBatches(messages, threads, sendBatch);
        long t1 = System.nanoTime();
        long cpu1 = cpuNanos();
        Map<String, Object> r = result(messages, t1 - t0, cpu1 - cpu0);
        r.put("sqsCalls", SqsCalls.since(calls0, SqsCalls.INSTANCE.snapshot()));
        return r;
    }

    /** The outbox relay contender: relays the backlog (or the events committed at a rate) the orchestrator put in the table. */
    private Map<String, Object> relay(Map<String, String> run) throws Exception {
        int messages = Integer.parseInt(run.get("messages"));
        EventBus bus = Sqs.bus(sqs, run.get("queue"));
        Map<String, Long> calls0 = SqsCalls.INSTANCE.snapshot();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        started();
        OutboxBench.relay(bus, args.get("jdbcUrl"), messages);
        long t1 = System.nanoTime();
        long cpu1 = cpuNanos();
        Map<String, Object> r = result(messages, t1 - t0, cpu1 - cpu0);
        r.put("sqsCalls", SqsCalls.since(calls0, SqsCalls.INSTANCE.snapshot()));
        return r;
    }

    private Map<String, Object> result(long messages, long nanos, long cpuNanos) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("contender", contender);
        r.put("messages", messages);
        double seconds = nanos / 1e9;
        r.put("seconds", seconds);
        r.put("rate", messages / seconds);
        r.put("cpuSeconds", cpuNanos / 1e9);
        return r;
    }

    private static void started() {
        System.out.println("START");
        System.out.flush();
    }

    /**
     * The clock stops when the handlers have seen {@code expected} messages and the queue holds none,
     * visible or in flight: every message handled and deleted.
     */
    private void awaitDrained(String queue, Counter counter, long expected, int stallSeconds) throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (counter.handled() < expected) {
            Thread.sleep(10);
            long now = counter.handled();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stallSeconds * 1_000_000_000L) {
                throw new IllegalStateException("stalled at " + now + " of " + expected + " messages");
            }
        }
        long deadline = System.nanoTime() + stallSeconds * 1_000_000_000L;
        while (Sqs.depth(sqs, queue) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("queue not empty after all messages were handled");
            }
            Thread.sleep(10);
        }
    }

    /** Sends a batch of up to ten events to a queue the way this publish contender does. */
    private IntConsumer sender(String queue) {
        EventBus bus = Sqs.bus(sqs, queue);
        return switch (contender) {
            case "publish-single" -> size -> {
                for (int i = 0; i < size; i++) {
                    bus.publish(Events.SCHOLARSHIP_WON_V1, Sqs.payload());
                }
            };
            case "publish-batch" -> size -> bus.publishAll(Sqs.batch(size));
            case "publish-raw" -> {
                // The bytes and attributes our publisher produces, taken from a real envelope.
                List<SendMessageBatchRequestEntry> copies = Sqs.Template.capture(sqs).copies();
                yield size -> Sqs.sendBatch(sqs, queue, copies.subList(0, size));
            }
            default -> throw new IllegalArgumentException("unknown publish contender " + contender);
        };
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU-seconds the JIT compiler threads have used so far (from /proc/self/task; children run with a fixed
     * number of compiler threads, so none ends and takes its time with it), or 0 off Linux.
     */
    static double jitCpuSeconds() {
        double seconds = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                seconds += Bench.ProcStat.read(task.resolve("stat"))
                        .filter(stat -> stat.name().startsWith("C1 Compiler") || stat.name().startsWith("C2 Compiler"))
                        .map(Bench.ProcStat::cpuSeconds)
                        .orElse(0.0);
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return seconds;
    }

    static long rssPeakMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    /** Samples used heap every 20 ms; the peak over the process's life so far. */
    static final class HeapSampler {
        private volatile long peak;

        static HeapSampler start() {
            HeapSampler s = new HeapSampler();
            Thread t = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (true) {
                    s.peak = Math.max(s.peak, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            t.setDaemon(true);
            t.start();
            return s;
        }

        long peakMb() {
            return Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) / (1024 * 1024);
        }
    }
}
