package dev.eventbus.bench;

import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import dev.eventbus.events.Events;
import dev.eventbus.events.ScholarshipWonV1;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.PublishReceipt;
import dev.eventbus.envelope.EventIds;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** SQS clients, queues and test events shared by the orchestrators (benchmark, fault suite) and their child processes. */
public final class Sqs {

    public static final String REGION = "us-east-1";
    /** The catalog routes scholarship.won point-to-point to this queue channel. */
    public static final String CHANNEL = "monolith-inbox";

    private static final AtomicLong USER_IDS = new AtomicLong();

    private Sqs() {}

    /** The synchronous client every contender but Spring Cloud AWS uses: Apache, 256 connections. */
    public static SqsClient client(URI endpoint) {
        return toElasticMq(SqsClient.builder(), endpoint).httpClientBuilder(ApacheHttpClient.builder().maxConnections(256)).build();
    }

    /** Spring Cloud AWS needs an async client; Netty with 512 connections, as in the env notes. */
    static SqsAsyncClient asyncClient(URI endpoint) {
        return toElasticMq(SqsAsyncClient.builder(), endpoint).httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(512))
                .build();
    }

    /** What both clients share: the endpoint, region and credentials, and the request counter. */
    private static <B extends AwsClientBuilder<B, ?>> B toElasticMq(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .overrideConfiguration(c -> c.addExecutionInterceptor(SqsCalls.INSTANCE));
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    }

    static String createQueue(SqsClient sqs, String name) {
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
    }

    static void deleteQueue(SqsClient sqs, String url) {
        try {
            sqs.deleteQueue(b -> b.queueUrl(url));
        } catch (RuntimeException e) {
            // already gone
        }
    }

    /** Messages on the queue, visible or in flight. */
    public static long depth(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    public static EventBus bus(SqsClient sqs, String queueUrl) {
        return EventBus.builder().sqs(sqs).source("bench").catalog(EventCatalog.load()).queue(CHANNEL, queueUrl).build();
    }

    /** A valid scholarship.won payload; {@code awarded_at} is the publish time, which the latency run reads back. */
    static ScholarshipWonV1 payload() {
        Instant now = Instant.now();
        return new ScholarshipWonV1(USER_IDS.incrementAndGet(), 7, "Benchmark scholarship", 20, "BENCH-2026", 3, now,
                now.plus(Duration.ofDays(30)));
    }

    public static List<OutgoingEvent> batch(int size) {
        List<OutgoingEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(OutgoingEvent.of(Events.SCHOLARSHIP_WON_V1, payload()));
        }
        return events;
    }

    /**
     * A real envelope our publisher produced (body and message attributes), to copy when filling queues:
     * each copy gets a fresh event id, so the worker's dedupe sees distinct events.
     */
    record Template(String body, String eventId, Map<String, MessageAttributeValue> attributes) {

        static Template capture(SqsClient sqs) {
            String scratch = createQueue(sqs, "bench-template-" + System.nanoTime());
            try {
                PublishReceipt receipt = bus(sqs, scratch).publish(Events.SCHOLARSHIP_WON_V1, payload());
                Message m = sqs.receiveMessage(b -> b.queueUrl(scratch).maxNumberOfMessages(1).messageAttributeNames("All"))
                        .messages().getFirst();
                if (!m.body().contains(receipt.eventId())) {
                    throw new IllegalStateException("the envelope does not carry its event id: " + m.body());
                }
                return new Template(m.body(), receipt.eventId(), m.messageAttributes());
            } finally {
                deleteQueue(sqs, scratch);
            }
        }

        /** Fills a queue with {@code count} distinct envelopes, SendMessageBatch(10) from several threads. */
        void fill(SqsClient sqs, String queueUrl, int count, int threads) throws Exception {
            EventIds ids = new EventIds(Clock.systemUTC());
            inBatches(count, threads, size -> {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                            .messageBody(body.replace(eventId, ids.next())).messageAttributes(attributes).build());
                }
                sendBatch(sqs, queueUrl, entries);
            });
        }

        /** Ten copies of this envelope as it stands (same body, same event id), for the raw batch send. */
        List<SendMessageBatchRequestEntry> copies() {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body)
                        .messageAttributes(attributes).build());
            }
            return entries;
        }
    }

    /** One SendMessageBatch; an entry SQS refuses fails the run. */
    static void sendBatch(SqsClient sqs, String queueUrl, List<SendMessageBatchRequestEntry> entries) {
        var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException("SendMessageBatch refused " + response.failed());
        }
    }

    /**
     * Sends {@code count} messages in batches of at most 10 from {@code threads} threads: each takes the
     * next batch's size and calls {@code sendBatch} with it, until none is left. Returns when all are sent.
     */
    static void inBatches(int count, int threads, IntConsumer sendBatch) throws Exception {
        AtomicLong left = new AtomicLong(count);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    long n;
                    while ((n = left.getAndAdd(-10)) > 0) {
                        sendBatch.accept((int) Math.min(10, n));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    /** {@code key=value} words as a map (child arguments, RUN commands and RESULT lines); other words are skipped. */
    public static Map<String, String> keyValues(String... words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                m.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return m;
    }

    /** Reads {@code "awarded_at":"..."} from an envelope body without a full parse (the raw loop's "handler"). */
    static Instant awardedAt(String body) {
        int i = body.indexOf("\"awarded_at\"");
        if (i < 0) {
            return null;
        }
        int start = body.indexOf('"', body.indexOf(':', i) + 1) + 1;
        int end = body.indexOf('"', start);
        return Instant.parse(body.substring(start, end));
    }
}
