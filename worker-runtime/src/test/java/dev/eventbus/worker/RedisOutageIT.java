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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With Redis down the worker fails closed, and recovers by itself when Redis returns. */
@ExtendWith(EmulatorExtension.class)
class RedisOutageIT {

    @Test
    void withRedisStoppedNothingIsHandledLostOrDeadLetteredAndAfterItRestartsAllAreHandledOnce(ElasticMq sqs, Emulators env)
            throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 3)) {
            List<Long> handled = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Worker worker = fixture.start(Handlers.builder().on(EVENT, 1, Order.class, e -> handled.add(e.payload().orderId())).build(),
                    registry);
            fixture.publish(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);

            env.redis().stop();
            try {
                for (long order = 100; order < 120; order++) {
                    fixture.publish(order);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> !worker.health().ready());
                Thread.sleep(6_000);
                assertThat(handled).as("handled while Redis was down").containsExactly(1L);
                assertThat(worker.health().detail()).contains("dedupe store unavailable");
                assertThat(WorkerFixture.gauge(registry, "eventbus.worker.dedupe.available")).isZero();
                assertThat(WorkerFixture.counter(registry, "eventbus.worker.dedupe.errors")).isPositive();
                assertThat(fixture.dlqDepth()).as("dead-lettered while Redis was down").isZero();
                assertThat(fixture.depth()).as("still on the queue").isEqualTo(20);
            } finally {
                env.redis().start();
            }

            await().atMost(Duration.ofSeconds(40)).until(() -> handled.size() == 21);
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.depth() == 0);
            Thread.sleep(1_000);
            assertThat(handled).hasSize(21);
            assertThat(new HashSet<>(handled)).hasSize(21);
            Set<Long> expected = new HashSet<>(List.of(1L));
            for (long order = 100; order < 120; order++) {
                expected.add(order);
            }
            assertThat(new HashSet<>(handled)).isEqualTo(expected);
            assertThat(fixture.dlqDepth()).isZero();
            assertThat(worker.health().ready()).isTrue();
        }
    }
}
