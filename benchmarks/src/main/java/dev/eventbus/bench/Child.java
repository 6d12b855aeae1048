package dev.eventbus.bench;

import dev.eventbus.EventBus;
import dev.eventbus.events.Events;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One measured run of one contender, in a fresh JVM so its CPU time, heap and RSS are its own.
 * Arguments are {@code key=value}: {@code mode} (consume, latency, publish), {@code contender},
 * {@code endpoint}, {@code redisPort}, {@code queue}, {@code warmupQueue}, {@code messages},
 * {@code warmup}, {@code pollers} (or sender threads).
 *
 * <p>Protocol on stdout: {@code READY} after the warm-up, {@code START} when the clock starts, and one
 * {@code RESULT key=value ...} line at the end.
 */
public final class Child {

    private Child() {}

    public static void main(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int status = 0;
        try {
            HeapSampler heap = HeapSampler.start();
            Map<String, Object> result = switch (a.get("mode")) {
                case "consume" -> consume(a, false);
                case "latency" -> consume(a, true);
                case "publish" -> publish(a);
                default -> throw new IllegalArgumentException("unknown mode " + a.get("mode"));
            };
            result.put("heapPeakMb", heap.peakMb());
            result.put("rssPeakMb", rssPeakMb());
            StringBuilder line = new StringBuilder("RESULT");
            result.forEach((k, v) -> line.append(' ').append(k).append('=').append(
                    v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v));
            System.out.println(line);
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("RESULT error=" + e.toString().replace(' ', '_'));
            status = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }

    private static Map<String, Object> consume(Map<String, String> a, boolean latencyRun) throws Exception {
        String contender = a.get("contender");
        URI endpoint = URI.create(a.get("endpoint"));
        int pollers = Integer.parseInt(a.get("pollers"));
        int messages = Integer.parseInt(a.get("messages"));
        int warmup = Integer.parseInt(a.get("warmup"));
        SqsClient sqs = Sqs.client(endpoint);
        SqsAsyncClient async = contender.startsWith("sca") ? Sqs.asyncClient(endpoint) : null;
        Contenders.Env env = new Contenders.Env(endpoint, sqs, async, Integer.parseInt(a.getOrDefault("redisPort", "0")));

        if (warmup > 0) {
            Counter warm = new Counter(latencyRun ? warmup * 2 : 0);
            try (AutoCloseable c = Contenders.start(contender, env, a.get("warmupQueue"), pollers, warm, true)) {
                awaitDrained(sqs, a.get("warmupQueue"), warm, warmup, 120);
            }
        }
        System.out.println("READY");
        System.out.flush();

        Counter counter = new Counter(latencyRun ? messages : 0);
        String queue = a.get("queue");
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        System.out.println("START");
        System.out.flush();
        AutoCloseable running = Contenders.start(contender, env, queue, pollers, counter, false);
        awaitDrained(sqs, queue, counter, messages, latencyRun ? 300 : 180);
        long t1 = System.nanoTime();
        long cpu1 = cpuNanos();
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("contender", contender);
        r.put("messages", counter.handled());
        double seconds = (t1 - t0) / 1e9;
        r.put("seconds", seconds);
        r.put("rate", counter.handled() / seconds);
        r.put("cpuSeconds", (cpu1 - cpu0) / 1e9);
        if (latencyRun) {
            double[] p = counter.latencyMillis();
            r.put("p50Ms", p[0]);
            r.put("p99Ms", p[1]);
            r.put("maxMs", p[2]);
        }
        // Not closed: a graceful stop (Spring's long polls especially) only adds time; the JVM halts.
        return r;
    }

    /**
     * The clock stops when the handlers have seen {@code expected} messages and the queue holds none,
     * visible or in flight: every message handled and deleted.
     */
    private static void awaitDrained(SqsClient sqs, String queue, Counter counter, long expected, int stallSeconds)
            throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (counter.handled() < expected) {
            Thread.sleep(2);
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
            Thread.sleep(5);
        }
    }

    private static Map<String, Object> publish(Map<String, String> a) throws Exception {
        String contender = a.get("contender");
        SqsClient sqs = Sqs.client(URI.create(a.get("endpoint")));
        String queue = a.get("queue");
        int threads = Integer.parseInt(a.get("pollers"));
        int messages = Integer.parseInt(a.get("messages"));
        int warmup = Integer.parseInt(a.get("warmup"));
        EventBus bus = Sqs.bus(sqs, queue);

        // The raw sender sends the bytes and attributes our publisher produces, taken from a real envelope.
        bus.publish(Events.SCHOLARSHIP_WON_V1, Sqs.payload());
        Message template = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(1).messageAttributeNames("All"))
                .messages().getFirst();
        List<SendMessageBatchRequestEntry> rawBatch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rawBatch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(template.body())
                    .messageAttributes(template.messageAttributes()).build());
        }
        Runnable sendTen = switch (contender) {
            case "publish-single" -> () -> {
                for (int i = 0; i < 10; i++) {
                    bus.publish(Events.SCHOLARSHIP_WON_V1, Sqs.payload());
                }
            };
            case "publish-batch" -> () -> bus.publishAll(Sqs.batch(10));
            case "publish-raw" -> () -> {
                var response = sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(rawBatch));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("SendMessageBatch refused " + response.failed());
                }
            };
            default -> throw new IllegalArgumentException("unknown contender " + contender);
        };
        send(sendTen, warmup, threads);
        System.out.println("READY");
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        System.out.println("START");
        System.out.flush();
        send(sendTen, messages, threads);
        long t1 = System.nanoTime();
        long cpu1 = cpuNanos();
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("contender", contender);
        r.put("messages", (long) messages);
        double seconds = (t1 - t0) / 1e9;
        r.put("seconds", seconds);
        r.put("rate", messages / seconds);
        r.put("cpuSeconds", (cpu1 - cpu0) / 1e9);
        return r;
    }

    /** {@code messages} (a multiple of 10) sent in tens from {@code threads} threads. */
    private static void send(Runnable sendTen, int messages, int threads) throws Exception {
        AtomicLong left = new AtomicLong(messages / 10);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        sendTen.run();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
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

    /** Samples used heap every 10 ms; the peak over the whole run, warm-up included. */
    static final class HeapSampler {
        private volatile long peak;

        static HeapSampler start() {
            HeapSampler s = new HeapSampler();
            Thread t = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (true) {
                    s.peak = Math.max(s.peak, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(10);
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
