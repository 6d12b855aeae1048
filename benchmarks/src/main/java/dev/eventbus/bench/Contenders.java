package dev.eventbus.bench;

import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import io.awspring.cloud.sqs.listener.ListenerMode;
import io.awspring.cloud.sqs.listener.MessageListener;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.messaging.Message;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The consume contenders. Each starts consuming a queue with a given concurrency ({@code pollers}
 * receive calls of up to 10 messages in flight, so at most 10 x pollers messages in flight) and stops
 * when closed. Their handlers only count.
 */
final class Contenders {

    /** Contender keys in the order they run within a repetition. */
    static final List<String> CONSUME = List.of("raw", "raw-redis", "worker", "worker-redis", "sca-default", "sca-tuned",
            "sca-batch-redis");

    static final Duration WAIT = Duration.ofSeconds(1);
    private static final SetParams SET_NX = SetParams.setParams().nx().px(600_000);

    private Contenders() {}

    record Env(URI sqsEndpoint, SqsClient sqs, SqsAsyncClient async, int redisPort) {
        RedisClient redis() {
            ConnectionPoolConfig pool = new ConnectionPoolConfig();
            pool.setMaxTotal(64);
            pool.setMaxIdle(64);
            return RedisClient.builder().hostAndPort("127.0.0.1", redisPort).poolConfig(pool).build();
        }
    }

    static String describe(String key) {
        return switch (key) {
            case "raw" -> "(1) raw SDK loop: ReceiveMessage(10) + DeleteMessageBatch";
            case "raw-redis" -> "(2) raw loop + 1 pipelined Redis SET NX per batch";
            case "worker" -> "(3) our Worker, dedupe off";
            case "worker-redis" -> "(4) our Worker, Redis dedupe";
            case "sca-default" -> "(5) Spring Cloud AWS listener, defaults";
            case "sca-tuned" -> "(6) Spring Cloud AWS listener, tuned";
            case "sca-batch-redis" -> "(7) Spring Cloud AWS batch listener + pipelined Redis";
            case "publish-single" -> "EventBus.publish, one per event";
            case "publish-batch" -> "EventBus.publishAll, batches of 10 (SendMessageBatch)";
            case "publish-raw" -> "raw SDK SendMessageBatch(10), same body";
            default -> key;
        };
    }

    /**
     * Starts a contender on a queue. {@code warmup} only shortens Spring Cloud AWS's default 10 s poll
     * timeout so the warm-up container stops at once; the timed run uses the real defaults.
     */
    static AutoCloseable start(String key, Env env, String queueUrl, int pollers, Counter counter, boolean warmup) {
        return switch (key) {
            case "raw" -> new RawLoop(env.sqs(), queueUrl, pollers, null, counter).start();
            case "raw-redis" -> new RawLoop(env.sqs(), queueUrl, pollers, env.redis(), counter).start();
            case "worker" -> worker(env, queueUrl, pollers, DedupeStore.none(), counter);
            case "worker-redis" -> worker(env, queueUrl, pollers,
                    RedisDedupeStore.connect(URI.create("redis://127.0.0.1:" + env.redisPort())), counter);
            case "sca-default" -> sca(env, queueUrl, counter, warmup ? b -> b.pollTimeout(WAIT) : b -> {});
            case "sca-tuned" -> sca(env, queueUrl, counter, b -> b.maxConcurrentMessages(pollers * 10).maxMessagesPerPoll(10)
                    .pollTimeout(WAIT));
            case "sca-batch-redis" -> scaBatch(env, queueUrl, pollers, counter);
            default -> throw new IllegalArgumentException("unknown contender " + key);
        };
    }

    /** Our worker as the README configures it (catalog, schema check), with the same concurrency as the raw loop. */
    static WorkerConfig workerConfig(int pollers) {
        return WorkerConfig.defaults().withPollers(pollers).withMaxInFlight(pollers * 10).withWaitTime(WAIT);
    }

    private static AutoCloseable worker(Env env, String queueUrl, int pollers, DedupeStore dedupe, Counter counter) {
        Worker worker = Worker.builder().sqs(env.sqs()).queueUrl(queueUrl).consumer("bench")
                .catalog(EventCatalog.load())
                .dedupe(dedupe)
                .config(workerConfig(pollers))
                .handlers(Handlers.builder()
                        .on(Events.SCHOLARSHIP_WON_V1, event -> {
                            counter.started(event.payload().awardedAt());
                            counter.hit();
                        })
                        .build())
                .build()
                .start();
        return () -> {
            worker.close();
            dedupe.close();
        };
    }

    private static AutoCloseable sca(Env env, String queueUrl, Counter counter,
            java.util.function.Consumer<io.awspring.cloud.sqs.listener.SqsContainerOptionsBuilder> options) {
        SqsMessageListenerContainer<String> container = SqsMessageListenerContainer.<String>builder()
                .sqsAsyncClient(env.async())
                .queueNames(queueUrl)
                .configure(options)
                .messageListener(message -> {
                    if (counter.timesLatency()) {
                        counter.started(Sqs.awardedAt(message.getPayload()));
                    }
                    counter.hit();
                })
                .build();
        container.start();
        return container::stop;
    }

    private static AutoCloseable scaBatch(Env env, String queueUrl, int pollers, Counter counter) {
        RedisClient redis = env.redis();
        MessageListener<String> listener = new MessageListener<>() {
            @Override
            public void onMessage(Message<String> message) {
                onMessage(List.of(message));
            }

            @Override
            public void onMessage(Collection<Message<String>> messages) {
                try (AbstractPipeline pipeline = redis.pipelined()) {
                    for (Message<String> m : messages) {
                        pipeline.set("bench:dd:" + m.getHeaders().getId(), "1", SET_NX);
                    }
                    pipeline.sync();
                }
                counter.add(messages.size());
            }
        };
        SqsMessageListenerContainer<String> container = SqsMessageListenerContainer.<String>builder()
                .sqsAsyncClient(env.async())
                .queueNames(queueUrl)
                .configure(o -> o.listenerMode(ListenerMode.BATCH).maxConcurrentMessages(pollers * 10).maxMessagesPerPoll(10)
                        .pollTimeout(WAIT))
                .messageListener(listener)
                .build();
        container.start();
        return () -> {
            container.stop();
            redis.close();
        };
    }

    /** The physical limit: pollers each doing ReceiveMessage(10), optionally one pipelined SET NX per batch, DeleteMessageBatch. */
    static final class RawLoop implements AutoCloseable {
        private final SqsClient sqs;
        private final String queueUrl;
        private final int pollers;
        private final RedisClient redis;
        private final Counter counter;
        private final List<Thread> threads = new ArrayList<>();
        private final java.util.concurrent.atomic.LongAdder receives = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder received = new java.util.concurrent.atomic.LongAdder();
        private volatile boolean stopping;

        RawLoop(SqsClient sqs, String queueUrl, int pollers, RedisClient redis, Counter counter) {
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.pollers = pollers;
            this.redis = redis;
            this.counter = counter;
        }

        RawLoop start() {
            for (int i = 0; i < pollers; i++) {
                threads.add(Thread.ofVirtual().name("raw-poller-" + i).start(this::poll));
            }
            return this;
        }

        private void poll() {
            while (!stopping) {
                try {
                    ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                            .waitTimeSeconds((int) WAIT.toSeconds()).messageAttributeNames("All"));
                    var messages = response.messages();
                    receives.increment();
                    received.add(messages.size());
                    if (messages.isEmpty()) {
                        continue;
                    }
                    if (redis != null) {
                        try (AbstractPipeline pipeline = redis.pipelined()) {
                            for (var m : messages) {
                                pipeline.set("bench:dd:" + m.messageId(), "1", SET_NX);
                            }
                            pipeline.sync();
                        }
                    }
                    // The "handler" starts once the dedupe keys are set, as our worker's does after its claims.
                    if (counter.timesLatency()) {
                        messages.forEach(m -> counter.started(Sqs.awardedAt(m.body())));
                    }
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
                    for (int i = 0; i < messages.size(); i++) {
                        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                                .receiptHandle(messages.get(i).receiptHandle()).build());
                    }
                    sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                    counter.add(messages.size());
                } catch (RuntimeException e) {
                    if (!stopping) {
                        System.err.println("raw poller: " + e);
                    }
                }
            }
        }

        /** Messages per ReceiveMessage call, empty receives included. */
        double messagesPerReceive() {
            return received.sum() / Math.max(1.0, receives.sum());
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            for (Thread t : threads) {
                t.join();
            }
            if (redis != null) {
                redis.close();
            }
        }
    }
}
