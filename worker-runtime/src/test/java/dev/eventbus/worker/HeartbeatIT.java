package dev.eventbus.worker;

import static dev.eventbus.worker.WorkerFixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.PublishReceipt;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** A slow handler keeps its message: the heartbeat extends visibility, and a time limit interrupts it. */
@ExtendWith(EmulatorExtension.class)
class HeartbeatIT {

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aHandlerRunningPastTheVisibilityTimeoutIsNotDeliveredToASecondWorker(SqsServer server, ElasticMq elasticMq, Emulators env) throws Exception {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(2), 5)) {
            List<String> runs = new CopyOnWriteArrayList<>();
            AtomicInteger finished = new AtomicInteger();
            SimpleMeterRegistry registryA = new SimpleMeterRegistry();
            SimpleMeterRegistry registryB = new SimpleMeterRegistry();
            Handlers slow = Handlers.builder().on(EVENT, 1, Order.class, e -> {
                runs.add(e.messageId() + "#" + e.receiveCount());
                Thread.sleep(6_000);
                finished.incrementAndGet();
            }).build();
            fixture.start(slow, registryA);
            fixture.start(slow, registryB);

            fixture.publish(3);

            await().atMost(Duration.ofSeconds(20)).until(() -> finished.get() == 1 && fixture.depth() == 0);
            Thread.sleep(3_000);
            assertThat(runs).as("one run, on the first receive").hasSize(1).allSatisfy(r -> assertThat(r).endsWith("#1"));
            double extensions = WorkerFixture.counter(registryA, "eventbus.worker.lease.extended")
                    + WorkerFixture.counter(registryB, "eventbus.worker.lease.extended");
            assertThat(extensions).as("heartbeat extensions over 6 s with a 2 s visibility timeout").isGreaterThanOrEqualTo(4);
            assertThat(WorkerFixture.counter(registryA, "eventbus.worker.lease.lost") + WorkerFixture.counter(registryB, "eventbus.worker.lease.lost"))
                    .isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aHandlerPastItsTimeLimitIsInterruptedAndItsMessageRetried(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(2), 5)) {
            AtomicInteger attempts = new AtomicInteger();
            List<Boolean> interrupted = new CopyOnWriteArrayList<>();
            Worker worker = fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                if (attempts.incrementAndGet() == 1) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException stopped) {
                        interrupted.add(true);
                        throw stopped;
                    }
                }
            }).build()).config(WorkerFixture.FAST.withHandlerTimeout(Duration.ofSeconds(2))));

            PublishReceipt receipt = fixture.publish(4);

            await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() == 2 && fixture.depth() == 0);
            assertThat(interrupted).containsExactly(true);
            assertThat(worker.lastFailure(EVENT, receipt.eventId())).hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo("timeout"));
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aHandlerWhoseMessageIsGoneIsInterruptedAndTheLostLeaseCounted(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(2), 5)) {
            List<String> seen = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                seen.add("started");
                try {
                    Thread.sleep(20_000);
                    seen.add("finished");
                } catch (InterruptedException told) {
                    seen.add("interrupted");
                    throw told;
                }
            }).build()).meterRegistry(registry));

            fixture.publish(6);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("started"));
            // Someone purges the queue: the receipt handle the worker holds is no longer valid.
            fixture.sqs.purgeQueue(r -> r.queueUrl(fixture.queue.url()));

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("interrupted"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> WorkerFixture.counter(registry, "eventbus.worker.messages.handled", "outcome", "lease_lost") == 1);
            assertThat(seen).containsExactly("started", "interrupted");
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.lease.lost")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void handlersFinishingJustAsTheirLeaseIsExtendedAreNeverInterruptedAndLoseNoLease(SqsServer server, ElasticMq elasticMq,
            Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(2), 5)) {
            List<String> interrupted = new CopyOnWriteArrayList<>();
            List<Long> handled = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // Half the visibility timeout is 1 s: the handlers end from 0.8 to 1.6 s in, around the beats that extend their leases.
            fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                try {
                    Thread.sleep(800 + e.payload().orderId() * 20);
                } catch (InterruptedException stray) {
                    interrupted.add(e.id());
                    throw stray;
                }
                e.once("effect", () -> handled.add(e.payload().orderId()));
            }).build()).config(WorkerFixture.FAST.withMaxInFlight(40)).meterRegistry(registry));

            for (long order = 0; order < 40; order++) {
                fixture.publish(order);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 40 && fixture.depth() == 0);
            assertThat(handled).hasSize(40).doesNotHaveDuplicates();
            assertThat(interrupted).as("handlers interrupted").isEmpty();
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.lease.lost")).as("leases lost").isZero();
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.lease.extended")).as("extensions").isPositive();
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.dedupe.errors")).as("store errors").isZero();
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.messages.handled", "outcome", "acked")).isEqualTo(40);
        }
    }
}
