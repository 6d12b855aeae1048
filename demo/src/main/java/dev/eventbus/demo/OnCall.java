package dev.eventbus.demo;

import dev.eventbus.EventBus;
import dev.eventbus.PublishReceipt;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.InMemoryDedupeStore;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import dev.eventbus.worker.retry.RetryPolicy;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ./scripts/demo --on-call}: a notifications worker whose SMTP relay was down for a while, and
 * the DLQ that left, kept running for the reader to try {@code ./scripts/eventbus dlq stats | show |
 * replay} on. ElasticMQ listens on 127.0.0.1:9324 (or {@code --port}); a redis-server on the PATH holds
 * the worker's failure records and dedupe state (else they stay in memory and the tool sees only what
 * the dead letters carry). The relay is back once the DLQ is filled, so a replay is handled. Prints the
 * commands to run, then runs until Ctrl-C.
 */
public final class OnCall implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";
    static final String QUEUE = "notifications";
    /** Orders whose confirmation failed while the relay was down: retried, then moved to the DLQ by the redrive policy. */
    static final int RELAY_DOWN = 4;
    /** Orders to a domain that accepts no mail: dead-lettered at once as non-retryable. */
    static final int BAD_DOMAIN = 2;
    /** Every dead letter: the two kinds above and one malformed message. */
    static final int DEAD_LETTERS = RELAY_DOWN + BAD_DOMAIN + 1;

    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean relayDown = new AtomicBoolean(true);
    private URI endpoint;
    private URI redis;
    private SqsClient sqs;
    private String queueUrl;
    private String dlqUrl;
    private String sampleEventId;

    OnCall(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 9324;
        OnCall demo = new OnCall(System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }));
        try {
            demo.start(port);
            demo.printCommands();
        } catch (Exception e) {
            System.err.println("on-call demo failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        stopped.await();
    }

    /** Starts the servers and the worker and fills the DLQ; returns once every dead letter is in it. */
    OnCall start(int port) throws Exception {
        endpoint = startElasticMq(port);
        redis = startRedis();
        sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32)).build();
        resources.add(sqs);
        dlqUrl = sqs.createQueue(r -> r.queueName(QUEUE + "-dlq")).queueUrl();
        queueUrl = sqs.createQueue(r -> r.queueName(QUEUE).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + QUEUE
                        + "-dlq\",\"maxReceiveCount\":3}"))).queueUrl();
        EventCatalog catalog = EventCatalog.load();
        LocalSns sns = new LocalSns(sqs, REGION, ACCOUNT);
        String topic = sns.createTopic(r -> r.name("order-events")).topicArn();
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + QUEUE)
                .attributes(Map.of("RawMessageDelivery", "true")));
        EventBus bus = EventBus.builder().sns(sns).sqs(sqs).source("monolith").catalog(catalog).topic("order-events", topic).build();

        DedupeStore dedupe = redis == null ? new InMemoryDedupeStore() : RedisDedupeStore.connect(redis);
        resources.add(dedupe);
        Worker worker = Worker.builder().sqs(sqs).queueUrl(queueUrl).consumer(QUEUE).catalog(catalog).dedupe(dedupe)
                .config(WorkerConfig.defaults().withWaitTime(Duration.ofSeconds(1)).withShutdownGrace(Duration.ofSeconds(5))
                        .withRetry(RetryPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(2))))
                .handlers(Handlers.builder().on(Events.ORDER_COMPLETED_V1, e -> {
                    if (e.payload().userEmail().endsWith("@no-mx.example.com")) {
                        throw new NonRetryableException("recipient domain no-mx.example.com accepts no mail");
                    }
                    if (relayDown.get()) {
                        throw new IllegalStateException("smtp relay refused the connection");
                    }
                    e.once("send-confirmation", () -> out.printf("  [notifications] sent the confirmation of order %d (event %s)%n",
                            e.payload().orderId(), e.id()));
                }).build())
                .build();
        resources.add(worker);
        worker.start();

        for (int i = 1; i <= RELAY_DOWN; i++) {
            PublishReceipt receipt = bus.publish(Events.ORDER_COMPLETED_V1, order(3000 + i, "customer" + i + "@example.com"));
            if (sampleEventId == null) {
                sampleEventId = receipt.eventId();
            }
        }
        for (int i = 1; i <= BAD_DOMAIN; i++) {
            bus.publish(Events.ORDER_COMPLETED_V1, order(3100 + i, "customer" + i + "@no-mx.example.com"));
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"event\": \"order.completed\", \"payload\": {"));
        out.println("eventbus on-call demo: the notifications worker's SMTP relay is down; publishing " + (DEAD_LETTERS - 1)
                + " orders and one malformed message");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (depth(dlqUrl) < DEAD_LETTERS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the DLQ holds " + depth(dlqUrl) + " messages after 90 s, not " + DEAD_LETTERS);
            }
            Thread.sleep(200);
        }
        relayDown.set(false);
        return this;
    }

    /** What to run in another terminal, with the settings that reach this demo's SQS and Redis. */
    void printCommands() {
        String reason = redis == null ? "max_receives" : "handler_error";
        out.println();
        out.println("The relay is back up, and " + QUEUE + "-dlq holds " + DEAD_LETTERS + " messages (ElasticMQ at " + endpoint
                + (redis == null ? "; no redis-server on the PATH, so failure records stay in this process" : ", Redis at " + redis) + ").");
        out.println("Try the on-call tool in another terminal:");
        out.println();
        out.println("  " + exports());
        out.println("  ./scripts/eventbus dlq stats " + QUEUE);
        out.println("  ./scripts/eventbus dlq show " + QUEUE + " " + sampleEventId);
        out.println("  ./scripts/eventbus dlq replay " + QUEUE + " --reason " + reason + " --dry-run");
        out.println("  ./scripts/eventbus dlq replay " + QUEUE + " --reason " + reason);
        out.println();
        out.println("The worker keeps running and prints what it handles. Ctrl-C stops the demo.");
    }

    String exports() {
        return "export AWS_ENDPOINT_URL=" + endpoint + " AWS_REGION=" + REGION + " AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo"
                + (redis == null ? "" : " EVENTBUS_REDIS_URL=" + redis);
    }

    URI endpoint() {
        return endpoint;
    }

    URI redis() {
        return redis;
    }

    String sampleEventId() {
        return sampleEventId;
    }

    int dlqDepth() {
        return depth(dlqUrl);
    }

    int queueDepth() {
        return depth(queueUrl);
    }

    @Override
    public synchronized void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        resources.clear();
    }

    private URI startElasticMq(int port) {
        var builder = SQSRestServerBuilder.withInterface("127.0.0.1").withAWSRegion(REGION).withAWSAccountId(ACCOUNT);
        SQSRestServer server = (port > 0 && free(port) ? builder.withPort(port).withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                : builder.withDynamicPort()).start();
        int bound = ((InetSocketAddress) server.waitUntilStarted().localAddress()).getPort();
        resources.add(() -> server.stopAndGetFuture().apply());
        return URI.create("http://127.0.0.1:" + bound);
    }

    /** A redis-server child process on a free port when one is on the PATH, else {@code null}. */
    private URI startRedis() throws IOException, InterruptedException {
        Path executable = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                executable = candidate;
                break;
            }
        }
        if (executable == null) {
            return null;
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(executable.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        resources.add(process::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            Thread.sleep(50);
        }
        return URI.create("redis://127.0.0.1:" + port);
    }

    private int depth(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static OrderCompletedV1 order(long id, String email) {
        return new OrderCompletedV1(id, 7, email, "19.90", 1990L, "EUR", List.of(new OrderCompletedV1.LineItem("A-" + id, 1, "Notebook")),
                Instant.parse("2026-11-23T10:15:30Z"));
    }

    private static boolean free(int port) {
        return !accepts(port);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
