package dev.eventbus.worker;

import static dev.eventbus.worker.WorkerFixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With Redis stopped, frozen or refusing writes the worker fails closed: it pauses polling, reports
 * not-ready, handles, loses and dead-letters nothing, spends no receive on the outage, and recovers by
 * itself, handling every event once. The queue's redrive policy allows 3 receives, so an outage that
 * spent receives would push messages into the DLQ.
 */
@ExtendWith(EmulatorExtension.class)
class RedisOutageIT {

    /** A worker whose handler records each order with the receive count it was handled on. */
    private record Recording(Worker worker, SimpleMeterRegistry registry, List<Long> handled, Map<Long, Integer> receiveCounts) {}

    private static Recording start(WorkerFixture fixture) {
        List<Long> handled = new CopyOnWriteArrayList<>();
        Map<Long, Integer> receiveCounts = new ConcurrentHashMap<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Worker worker = fixture.start(Handlers.builder().on(EVENT, 1, Order.class, e -> {
            handled.add(e.payload().orderId());
            receiveCounts.put(e.payload().orderId(), e.receiveCount());
        }).build(), registry);
        return new Recording(worker, registry, handled, receiveCounts);
    }

    @Test
    void withRedisStoppedNothingIsHandledLostOrDeadLetteredAndAfterItRestartsAllAreHandledOnce(ElasticMq sqs, Emulators env)
            throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 3)) {
            Recording r = start(fixture);
            fixture.publish(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> r.handled().size() == 1);

            env.redis().stop();
            try {
                publish(fixture, 100, 120);
                assertFailedClosed(fixture, r, 20);
            } finally {
                env.redis().start();
            }

            assertAllHandledOnceWithoutSpendingAReceive(fixture, r, 21);
        }
    }

    @Test
    void aRedisThatAnswersPingButRefusesWritesCountsAsDownAndNothingIsDeadLettered(ElasticMq sqs, Emulators env) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 3);
                RedisFaults faults = new RedisFaults(env.redis())) {
            Recording r = start(fixture);
            fixture.publish(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> r.handled().size() == 1);

            faults.refuseWrites();
            try {
                // Idle, the worker notices too: its circuit probes the store with a write every few seconds.
                await().atMost(Duration.ofSeconds(10)).until(() -> !r.worker().health().ready());
                publish(fixture, 200, 220);
                assertFailedClosed(fixture, r, 20);
            } finally {
                faults.acceptWrites();
            }

            assertAllHandledOnceWithoutSpendingAReceive(fixture, r, 21);
        }
    }

    @Test
    void aFrozenRedisRepeatsNoCompletedStepAndAfterItThawsEveryEventIsHandledOnce(ElasticMq sqs, Emulators env) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 3);
                RedisFaults faults = new RedisFaults(env.redis())) {
            Map<Long, AtomicInteger> effects = new ConcurrentHashMap<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Worker worker = fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                e.once("effect", () -> {
                    effects.computeIfAbsent(e.payload().orderId(), id -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(50);
                });
                e.once("second-effect", () -> Thread.sleep(50));
            }).build()).config(WorkerFixture.FAST.withMaxInFlight(16)).meterRegistry(registry));
            publish(fixture, 0, 100);
            await().atMost(Duration.ofSeconds(20)).until(() -> effects.size() >= 20);

            faults.freeze();
            boolean sawNotReady;
            try {
                publish(fixture, 100, 200);
                sawNotReady = await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !worker.health().ready(), ready -> ready);
                Thread.sleep(5_000);
            } finally {
                faults.thaw();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> effects.size() == 200 && fixture.depth() == 0);
            assertThat(sawNotReady).isTrue();
            assertThat(effects.values()).as("each order's effect ran once").allSatisfy(n -> assertThat(n).hasValue(1));
            assertThat(fixture.dlqDepth()).isZero();
            assertThat(WorkerFixture.counter(registry, "eventbus.worker.lease.lost")).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.health().ready());
        }
    }

    private static void publish(WorkerFixture fixture, long from, long to) {
        for (long order = from; order < to; order++) {
            fixture.publish(order);
        }
    }

    /** Polling paused, readiness false, nothing handled, dead-lettered or lost. */
    private static void assertFailedClosed(WorkerFixture fixture, Recording r, int waiting) throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> !r.worker().health().ready());
        Thread.sleep(6_000);
        assertThat(r.handled()).as("handled while Redis was out").hasSize(1);
        assertThat(r.worker().health().detail()).contains("dedupe store unavailable");
        assertThat(WorkerFixture.gauge(r.registry(), "eventbus.worker.dedupe.available")).isZero();
        assertThat(WorkerFixture.counter(r.registry(), "eventbus.worker.dedupe.errors")).isPositive();
        assertThat(fixture.dlqDepth()).as("dead-lettered while Redis was out").isZero();
        assertThat(fixture.depth()).as("still on the queue").isEqualTo(waiting);
    }

    private static void assertAllHandledOnceWithoutSpendingAReceive(WorkerFixture fixture, Recording r, int total) throws InterruptedException {
        await().atMost(Duration.ofSeconds(40)).until(() -> r.handled().size() == total);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.depth() == 0);
        Thread.sleep(1_000);
        assertThat(r.handled()).hasSize(total);
        Set<Long> unique = new HashSet<>(r.handled());
        assertThat(unique).hasSize(total);
        assertThat(r.receiveCounts().values()).as("receives spent: every event handled on its first").containsOnly(1);
        assertThat(fixture.dlqDepth()).isZero();
        assertThat(r.worker().health().ready()).isTrue();
    }
}
