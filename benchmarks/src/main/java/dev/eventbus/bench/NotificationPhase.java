package dev.eventbus.bench;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.routing.Routes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The {@code notification} phase of {@code ./scripts/bench}: the notification worker end to end, as
 * deployed ({@link NotificationChild} runs {@code NotificationApp} in its own JVM), on the benchmark's
 * ElasticMQ and redis-server, with an SMTP server (GreenMail) and a webhook receiver (the JDK's HTTP
 * server) in this orchestrator's JVM so their CPU is not the worker's. Each of {@code order.completed}
 * events makes one email, one signed webhook delivery and one feed entry (each its own step, each with
 * its Redis step marker). Reports events/s, the worker's CPU-seconds per 1,000 events (and ElasticMQ's
 * and Redis's), and SMTP connections opened per 1,000 emails, counted by the worker and by the server
 * (goal: at most 10).
 *
 * <p>Events per run: a tenth of {@code --messages} (at least 200); warm-up: a tenth of {@code --warmup}
 * (at least 100); {@code --reps} measured runs after the warm-up, each on a fresh queue.
 */
final class NotificationPhase {

    static final String PHASE = "notification";
    static final String CONTENDER = "notification-worker";
    /** The goal for SMTP connections opened per 1,000 emails. */
    static final double MAX_CONNECTIONS_PER_1000 = 10;

    private final Bench.Options o;
    private final SqsClient sqs;
    private final URI endpoint;
    private final int redisPort;
    private final ElasticMqProcess emq;
    private final RedisProcess redis;
    private final List<String> javaCommand;

    NotificationPhase(Bench.Options o, SqsClient sqs, URI endpoint, int redisPort, ElasticMqProcess emq, RedisProcess redis, List<String> javaCommand) {
        this.o = o;
        this.sqs = sqs;
        this.endpoint = endpoint;
        this.redisPort = redisPort;
        this.emq = emq;
        this.redis = redis;
        this.javaCommand = javaCommand;
    }

    static int events(Bench.Options o) {
        return Math.max(200, o.messages / 10) / 10 * 10;
    }

    static int warmup(Bench.Options o) {
        return Math.max(100, o.warmup / 10) / 10 * 10;
    }

    List<Bench.Run> run() throws Exception {
        List<Bench.Run> runs = new ArrayList<>();
        CountingSmtp smtp = new CountingSmtp(Processes.freePort());
        smtp.start();
        AtomicLong hooks = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hooks", x -> {
            x.getRequestBody().readAllBytes();
            hooks.incrementAndGet();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        Path endpoints = o.logs.toAbsolutePath().resolve("notification-endpoints.json");
        Files.writeString(endpoints, "{\"endpoints\":[{\"id\":\"bench\",\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hooks\",\"events\":[\"order.completed\"],\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}]}");
        Process child = null;
        try {
            String warm = Sqs.createQueue(sqs, "bench-notification-warm");
            fill(warm, warmup(o));
            List<String> command = new ArrayList<>(javaCommand);
            command.add(NotificationChild.class.getName());
            command.addAll(List.of("endpoint=" + endpoint, "redisPort=" + redisPort, "smtpPort=" + smtp.port, "endpointsFile=" + endpoints,
                    "warmupQueue=" + warm, "warmup=" + warmup(o), "pollers=" + o.pollers));
            Path log = o.logs.resolve("notification-worker.log");
            System.out.println("    warming up notification-worker (" + warmup(o) + " events)");
            child = new ProcessBuilder(command).redirectError(log.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = Processes.firstLine(out, l -> l.equals("READY") || l.startsWith("RESULT"));
            Sqs.deleteQueue(sqs, warm);
            if (!"READY".equals(line)) {
                throw new IllegalStateException("the notification worker did not warm up (" + line + "); see " + log);
            }
            java.io.PrintWriter in = new java.io.PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
            for (int rep = 1; rep <= o.reps; rep++) {
                int events = events(o);
                String queue = Sqs.createQueue(sqs, "bench-notification-" + rep);
                fill(queue, events);
                int mails0 = smtp.getReceivedMessages().length;
                long hooks0 = hooks.get();
                long sessions0 = smtp.sessions.get();
                in.println("RUN queue=" + queue + " messages=" + events);
                Processes.firstLine(out, l -> l.equals("START"));
                double emq0 = Bench.cpuSeconds(emq.pid());
                double redis0 = Bench.cpuSeconds(redis.pid());
                line = Processes.firstLine(out, l -> l.startsWith("RESULT"));
                double emq1 = Bench.cpuSeconds(emq.pid());
                double redis1 = Bench.cpuSeconds(redis.pid());
                Sqs.deleteQueue(sqs, queue);
                Map<String, String> result = line == null ? Map.of("error", "it exited") : new HashMap<>(Sqs.keyValues(line.substring(6).trim().split(" ")));
                if (result.containsKey("error")) {
                    throw new IllegalStateException("notification run failed: " + result.get("error") + "; see " + log);
                }
                result.put("smtpReceived", Integer.toString(smtp.getReceivedMessages().length - mails0));
                result.put("hooksReceived", Long.toString(hooks.get() - hooks0));
                result.put("smtpServerConnections", Long.toString(smtp.sessions.get() - sessions0));
                Bench.Run run = new Bench.Run(PHASE, CONTENDER, rep, o.pollers, result, emq1 - emq0, redis1 - redis0);
                runs.add(run);
                System.out.printf(Locale.ROOT, "    %-12s %-19s rep %d: %,6.0f events/s, %.2f CPU-s/1k events (ElasticMQ %.2f, Redis %.2f), "
                                + "SMTP connections per 1k emails: %.1f (worker) %.1f (server); received %s emails, %s webhooks%n",
                        PHASE, CONTENDER, rep, run.rate(), perThousand(run, run.get("cpuSeconds")), perThousand(run, run.emqCpuSeconds()),
                        perThousand(run, run.redisCpuSeconds()), perThousand(run, run.get("smtpConnections")),
                        perThousand(run, run.get("smtpServerConnections")), result.get("smtpReceived"), result.get("hooksReceived"));
            }
            in.println("EXIT");
            child.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            receiver.stop(0);
            smtp.stop();
        }
        return runs;
    }

    static double perThousand(Bench.Run run, double value) {
        return value * 1000 / run.get("messages");
    }

    /** The report's section for this phase. */
    static String section(Bench.Options o, List<Bench.Run> all) {
        List<Bench.Run> runs = all.stream().filter(r -> r.phase().equals(PHASE)).toList();
        StringBuilder md = new StringBuilder();
        md.append("## Notification worker end to end: ").append(String.format(Locale.ROOT, "%,d", events(o))).append(" order.completed, ")
                .append(o.reps).append(" repetitions\n\n");
        md.append("The deployable notification worker (`NotificationApp`, configured from environment variables, in its own JVM, ")
                .append(o.pollers).append(" pollers) on this ElasticMQ and redis-server; GreenMail (SMTP) and a webhook receiver run in the ")
                .append("orchestrator's JVM. Each event: one email (SMTP, 4 pooled connections), one signed webhook POST, one feed entry, ")
                .append("each an `Event.once` step. CPU is the worker's process; connections are counted by the worker and by the server.\n\n");
        md.append("| rep | events | events/s | worker CPU-s / 1,000 events | ElasticMQ CPU-s / 1,000 | Redis CPU-s / 1,000 | ")
                .append("SMTP connections / 1,000 emails (worker, server) | emails, webhooks received |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Bench.Run r : runs) {
            md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.1f, %.1f | %s, %s |%n", r.rep(), r.get("messages"),
                    r.rate(), perThousand(r, r.get("cpuSeconds")), perThousand(r, r.emqCpuSeconds()), perThousand(r, r.redisCpuSeconds()),
                    perThousand(r, r.get("smtpConnections")), perThousand(r, r.get("smtpServerConnections")), r.result().get("smtpReceived"),
                    r.result().get("hooksReceived")));
        }
        double worst = runs.stream().mapToDouble(r -> perThousand(r, Math.max(r.get("smtpConnections"), r.get("smtpServerConnections"))))
                .max().orElse(Double.NaN);
        md.append(String.format(Locale.ROOT, "%nMedian: %,.0f events/s, %.2f worker CPU-s per 1,000 events. SMTP connections per 1,000 emails: "
                        + "at most %.1f (goal: at most %.0f) | %s |%n%n",
                Bench.median(runs.stream().map(Bench.Run::rate).toList()),
                Bench.median(runs.stream().map(r -> perThousand(r, r.get("cpuSeconds"))).toList()), worst, MAX_CONNECTIONS_PER_1000,
                worst <= MAX_CONNECTIONS_PER_1000 ? "PASS" : "**FAIL**"));
        return md.toString();
    }

    /** Sends {@code events} order.completed envelopes to {@code queue}, each with its own id, user and address. */
    private void fill(String queue, int events) throws Exception {
        EventBus bus = EventBus.builder().sqs(sqs).source("bench").routes(Routes.builder().queue("order.completed", "1.2", queue).build()).build();
        try (ExecutorService pool = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < events; i += 10) {
                int first = i;
                sent.add(pool.submit(() -> {
                    List<OutgoingEvent> batch = new ArrayList<>();
                    for (int j = first; j < first + 10; j++) {
                        batch.add(OutgoingEvent.of(Events.ORDER_COMPLETED_V1, new OrderCompletedV1(j + 1, 1_000_000 + j, "buyer" + j + "@example.com",
                                "19.90", 1990L, "EUR", List.of(new OrderCompletedV1.LineItem("BENCH-1", 1, "Benchmark")), Instant.now())));
                    }
                    return bus.publishAll(batch);
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    /** GreenMail's SMTP server, counting the connections it accepts. */
    private static final class CountingSmtp extends GreenMail {
        final AtomicLong sessions = new AtomicLong();
        final int port;

        CountingSmtp(int port) {
            super(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            this.port = port;
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers mgr) {
            return Map.of(ServerSetup.PROTOCOL_SMTP, new SmtpServer(config[0], mgr) {
                @Override
                protected ProtocolHandler createProtocolHandler(Socket clientSocket) {
                    sessions.incrementAndGet();
                    return super.createProtocolHandler(clientSocket);
                }
            });
        }
    }
}
