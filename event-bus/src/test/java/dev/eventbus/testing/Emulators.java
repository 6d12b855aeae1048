package dev.eventbus.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SNS, SQS and Redis the integration tests run against, chosen once per JVM, in this order:
 *
 * <ol>
 *   <li>endpoints from the environment: {@code EVENTBUS_TEST_AWS_ENDPOINT} (or
 *       {@code EVENTBUS_TEST_SQS_ENDPOINT} and {@code EVENTBUS_TEST_SNS_ENDPOINT}),
 *       {@code EVENTBUS_TEST_AWS_REGION}, {@code EVENTBUS_TEST_REDIS_URL};
 *   <li>LocalStack and Redis through Testcontainers, when a Docker engine is configured and starts them;
 *   <li>{@code moto_server} and {@code redis-server} started as child processes on free loopback ports, also
 *       where a Docker engine answers but cannot start a container (no image registry, say): the line this
 *       prints then says so, and why;
 *   <li>otherwise the tests fail, saying what to install.
 * </ol>
 *
 * <p>Use through {@link EmulatorExtension}. Names made by {@link #queues()} are unique per call, so
 * tests sharing the servers do not see each other's messages.
 */
public final class Emulators implements AutoCloseable {

    static final String INSTALL_HINT = "./scripts/test installs them (moto into .venv/moto, redis-server from Debian's packages); "
            + "or point the tests at running servers with EVENTBUS_TEST_AWS_ENDPOINT and EVENTBUS_TEST_REDIS_URL, "
            + "or run a Docker engine for LocalStack and Redis containers.";

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final AwsEndpoints aws;
    private final TestRedis redis;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private SqsClient sqs;
    private SnsClient sns;

    private Emulators(AwsEndpoints aws, TestRedis redis, List<AutoCloseable> resources) {
        this.aws = aws;
        this.redis = redis;
        this.resources.addAll(resources);
    }

    /** Chooses and starts the servers as described in the class documentation. */
    static Emulators start() {
        Map<String, String> env = System.getenv();
        List<AutoCloseable> started = new ArrayList<>();
        AwsEndpoints aws = awsFromEnvironment(env).orElse(null);
        String redisUrl = env.get("EVENTBUS_TEST_REDIS_URL");
        TestRedis redis = redisUrl == null || redisUrl.isBlank() ? null : new ExternalRedis(URI.create(redisUrl));
        // Where the engine cannot start one container (no registry to pull from, say), it cannot start the other.
        String containerFailure = null;
        if ((aws == null || redis == null) && Containers.dockerConfigured()) {
            try {
                if (aws == null) {
                    aws = Containers.localStack();
                }
                if (redis == null) {
                    redis = Containers.redis();
                    started.add(redis);
                }
            } catch (RuntimeException e) {
                containerFailure = (aws == null ? "LocalStack" : "the Redis container") + " could not start ("
                        + Containers.reason(e) + ")";
            }
        }
        List<String> missing = new ArrayList<>();
        if (aws == null) {
            Optional<Path> moto = ChildProcess.onPath("moto_server");
            if (moto.isPresent()) {
                MotoServer server = MotoServer.start(moto.get());
                started.add(server);
                aws = server.endpoints();
            } else {
                missing.add("moto_server (SNS and SQS)");
            }
        }
        if (redis == null) {
            Optional<Path> redisServer = ChildProcess.onPath("redis-server");
            if (redisServer.isPresent()) {
                redis = ProcessRedis.start(redisServer.get());
                started.add(redis);
            } else {
                missing.add("redis-server");
            }
        }
        if (!missing.isEmpty()) {
            started.forEach(Emulators::closeQuietly);
            throw new IllegalStateException("Integration tests need real SNS, SQS and Redis, but " + String.join(" and ", missing)
                    + " could not be found on the PATH" + (containerFailure == null ? " and no Docker engine is configured"
                    : ", and at the Docker engine at " + Containers.dockerHost() + " " + containerFailure) + ". " + INSTALL_HINT);
        }
        Emulators emulators = new Emulators(aws, redis, started);
        String fallback = containerFailure == null ? "" : " (a Docker engine is configured at " + Containers.dockerHost() + ", but "
                + containerFailure + "; so child processes instead)";
        System.out.println("[test-env] SNS+SQS: " + aws.description() + "; Redis: " + redis.description() + fallback);
        return emulators;
    }

    private static Optional<AwsEndpoints> awsFromEnvironment(Map<String, String> env) {
        String both = env.get("EVENTBUS_TEST_AWS_ENDPOINT");
        String sqs = env.getOrDefault("EVENTBUS_TEST_SQS_ENDPOINT", both);
        String sns = env.getOrDefault("EVENTBUS_TEST_SNS_ENDPOINT", both);
        if (sqs == null && sns == null) {
            return Optional.empty();
        }
        if (sqs == null || sns == null) {
            throw new IllegalStateException("set EVENTBUS_TEST_AWS_ENDPOINT, or both EVENTBUS_TEST_SQS_ENDPOINT and EVENTBUS_TEST_SNS_ENDPOINT");
        }
        String region = env.getOrDefault("EVENTBUS_TEST_AWS_REGION", "us-east-1");
        return Optional.of(new AwsEndpoints(URI.create(sqs), URI.create(sns), region,
                "endpoints from the environment (SQS " + sqs + ", SNS " + sns + ")"));
    }

    public AwsEndpoints aws() {
        return aws;
    }

    public TestRedis redis() {
        return redis;
    }

    /** A shared SQS client for the test endpoint. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = sqsClient(aws.sqs(), aws.region());
            resources.add(sqs);
        }
        return sqs;
    }

    /** A shared SNS client for the test endpoint. */
    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = SnsClient.builder()
                    .endpointOverride(aws.sns())
                    .region(Region.of(aws.region()))
                    .credentialsProvider(credentials())
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                    .build();
            resources.add(sns);
        }
        return sns;
    }

    /** Creates queues, DLQs and topics with unique names on the test endpoint. */
    public TestQueues queues() {
        return new TestQueues(sqs(), sns());
    }

    /** A new SQS client for an endpoint, with static test credentials and enough connections for many pollers. */
    public static SqsClient sqsClient(URI endpoint, String region) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128))
                .build();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /** A name no other test in this JVM uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
    }

    /**
     * Receives from a queue until {@code expected} messages arrived or {@code within} passed, deleting
     * nothing (the messages become visible again after the queue's visibility timeout).
     */
    public static List<Message> receive(SqsClient sqs, String queueUrl, int expected, Duration within) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (messages.size() < expected && System.nanoTime() < deadline) {
            messages.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(30)
                            .messageAttributeNames("All")
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages());
        }
        return messages;
    }

    /** The queue's approximate visible plus in-flight message count. */
    public static int approximateDepth(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i));
        }
        resources.clear();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("[test-env] closing " + resource + " failed: " + e);
        }
    }
}
