package dev.eventbus.worker;

import static dev.eventbus.worker.WorkerFixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.PublishReceipt;
import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.schema.EventVersion;
import java.time.Instant;
import java.util.Map;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Each event's handler runs once however often SQS delivers it (ElasticMQ and moto, real Redis). */
@ExtendWith(EmulatorExtension.class)
class DedupeIT {

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aResentEventRunsItsHandlerOnceAndCountsADedupeHit(SqsServer server, ElasticMq elasticMq, Emulators env) throws Exception {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(30), 5)) {
            List<Event<Order>> handled = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            fixture.start(Handlers.builder().on(EVENT, 1, Order.class, handled::add).build(), registry);

            PublishReceipt first = fixture.publish(WorkerFixture.order(7));
            fixture.publish(WorkerFixture.order(7).withId(first.eventId()));

            await().atMost(Duration.ofSeconds(15)).until(() -> WorkerFixture.counter(registry, "eventbus.worker.dedupe.hits") == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.depth() == 0);
            assertThat(handled).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(first.eventId()));
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.messages.handled", "outcome", "duplicate")).isEqualTo(1);
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.messages.handled", "outcome", "acked")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void anEventRedeliveredAfterItsVisibilityTimeoutRunsItsHandlerOnce(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(2), 5)) {
            List<Event<Order>> handled = new CopyOnWriteArrayList<>();
            List<Integer> receives = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AtomicInteger deletesLost = new AtomicInteger();
            // The first attempt handles the event and marks it done, but its delete never happens (a crash
            // between the two): the message comes back after its visibility timeout.
            Interceptor loseFirstDelete = chain -> {
                receives.add(chain.delivery().receiveCount());
                Outcome outcome = chain.proceed(chain.delivery());
                return outcome instanceof Outcome.Acked && deletesLost.getAndIncrement() == 0
                        ? new Outcome.LeaseLost("simulated crash before the delete")
                        : outcome;
            };
            fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, handled::add).build())
                    .interceptor(loseFirstDelete).meterRegistry(registry));

            fixture.publish(9);

            await().atMost(Duration.ofSeconds(20)).until(() -> WorkerFixture.counter(registry, "eventbus.worker.dedupe.hits") == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.depth() == 0);
            assertThat(receives).containsExactly(1, 2);
            assertThat(handled).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void twoWorkersRacingOnCopiesOfOneEventRunItsHandlerOnce(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(30), 10)) {
            AtomicInteger runs = new AtomicInteger();
            Handlers slow = Handlers.builder().on(EVENT, 1, Order.class, e -> {
                runs.incrementAndGet();
                Thread.sleep(300);
            }).build();
            SimpleMeterRegistry registryA = new SimpleMeterRegistry();
            SimpleMeterRegistry registryB = new SimpleMeterRegistry();
            fixture.start(slow, registryA);
            fixture.start(slow, registryB);

            // 30 copies of one event (same id), as a bug or an SNS retry storm might deliver them.
            EnvelopeCodec codec = new EnvelopeCodec();
            String body = codec.encode(new Envelope("0193a1c2-0000-7000-8000-00000000002a", EVENT, EventVersion.of(1, 0), Instant.now(),
                    "test", null, null, null, codec.toPayload(Map.of("order_id", 11, "user_email", "u@example.com"))));
            for (int batch = 0; batch < 3; batch++) {
                List<SendMessageBatchRequestEntry> copies = IntStream.range(0, 10)
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("c" + i).messageBody(body).build())
                        .toList();
                fixture.sqs.sendMessageBatch(r -> r.queueUrl(fixture.queue.url()).entries(copies));
            }

            // The copies told to retry (the retry policy's backoff: about a second here) come back and are acked as
            // duplicates. Were those visibility changes never sent, they would stay invisible for the whole 30 s
            // visibility timeout, so the queue must drain well within it.
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(12)).untilAsserted(() -> assertThat(fixture.depth()).as(where(runs, registryA, registryB)).isZero());
            System.out.printf("DedupeIT: the copies drained in %d ms (%s)%n", Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    where(runs, registryA, registryB));
            assertThat(runs).hasValue(1);
            double hits = both(registryA, registryB, "eventbus.worker.dedupe.hits");
            // Every other copy is acked as a duplicate at least once: SQS delivers at least once, and so may the
            // emulators (a CI run on moto once counted 30), and a copy delivered twice is a duplicate twice.
            assertThat(hits).isGreaterThanOrEqualTo(29);
            assertThat(fixture.dlqDepth()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aRetryAfterAPartialFailureRepeatsNoCompletedStep(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(30), 5)) {
            AtomicInteger emails = new AtomicInteger();
            AtomicInteger webhookAttempts = new AtomicInteger();
            AtomicInteger webhooks = new AtomicInteger();
            fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                e.once("send-email", emails::incrementAndGet);
                e.once("post-webhook", () -> {
                    if (webhookAttempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("webhook endpoint returned 503");
                    }
                    webhooks.incrementAndGet();
                });
            }).build()));

            fixture.publish(21);

            await().atMost(Duration.ofSeconds(15)).until(() -> webhooks.get() == 1 && fixture.depth() == 0);
            assertThat(webhookAttempts).hasValue(2);
            assertThat(emails).as("the email step completed on the first attempt and is not repeated").hasValue(1);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aMessageWhoseEventADeadAttemptStillHoldsIsHandledOnItsLastReceiveInsteadOfGoingToTheDlq(SqsServer server, ElasticMq elasticMq,
            Emulators env) {
        // Two receives allowed. An attempt that died (kill -9) left its claim for 6 s. Retried through SQS after the backoff,
        // the message would meet the claim on both receives and then move to the DLQ unhandled; the first receive waits the
        // whole remaining lease instead, as the next is the last, and the last waits in the worker for the claim to lapse.
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(30), 2)) {
            List<Integer> handledOn = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> handledOn.add(e.receiveCount())).build()));
            String id = Emulators.uniqueName("dead-attempt");
            EnvelopeCodec codec = new EnvelopeCodec();
            String body = codec.encode(new Envelope(id, EVENT, EventVersion.of(1, 0), Instant.now(), "test", null, null, null,
                    codec.toPayload(Map.of("order_id", 12, "user_email", "u@example.com"))));
            String claimKey = "eventbus:dedupe:" + fixture.consumer + ":" + EVENT + ":id:" + id;
            fixture.store.claim(claimKey, "held-by-the-dead-attempt", Duration.ofSeconds(6));

            fixture.sqs.sendMessage(r -> r.queueUrl(fixture.queue.url()).messageBody(body));

            await().atMost(Duration.ofSeconds(25)).until(() -> handledOn.size() == 1 && fixture.depth() == 0);
            assertThat(handledOn).containsExactly(2);
            assertThat(fixture.dlqDepth()).isZero();
        }
    }

    /** Where the racing test's copies went: handler runs, receives, polls, outcomes and deletes of both workers. */
    private static String where(AtomicInteger runs, SimpleMeterRegistry a, SimpleMeterRegistry b) {
        return "handler runs " + runs.get() + "; received " + both(a, b, "eventbus.worker.messages.received")
                + "; polls with messages " + both(a, b, "eventbus.worker.polls", "result", "messages")
                + ", empty " + both(a, b, "eventbus.worker.polls", "result", "empty")
                + ", failed " + both(a, b, "eventbus.worker.polls", "result", "error")
                + "; outcomes " + Outcome.NAMES.stream().map(o -> o + "=" + both(a, b, "eventbus.worker.messages.handled", "outcome", o)).toList()
                + "; deletes " + both(a, b, "eventbus.worker.deletes");
    }

    /** Counter {@code name} (with {@code tags}) summed over both workers' registries. */
    private static double both(SimpleMeterRegistry a, SimpleMeterRegistry b, String name, String... tags) {
        return WorkerFixture.counter(a, name, tags) + WorkerFixture.counter(b, name, tags);
    }
}
