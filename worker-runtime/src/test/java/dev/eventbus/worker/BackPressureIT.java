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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pollers ask only for free permits, so in-flight messages never exceed the limit. */
@ExtendWith(EmulatorExtension.class)
class BackPressureIT {

    @Test
    void inFlightNeverExceedsTheConfiguredMaximumEvenWithManyPollers(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostRunning = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(100);
                running.decrementAndGet();
                done.incrementAndGet();
            }).build()).config(WorkerFixture.FAST.withPollers(4).withMaxInFlight(6)).meterRegistry(registry));

            for (long order = 0; order < 80; order++) {
                fixture.publish(order);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == 80);
            assertThat(WorkerFixture.gauge(registry, "eventbus.worker.inflight.limit")).isEqualTo(6);
            assertThat(WorkerFixture.gauge(registry, "eventbus.worker.inflight.peak")).isLessThanOrEqualTo(6).isGreaterThanOrEqualTo(4);
            assertThat(mostRunning.get()).isLessThanOrEqualTo(6);
        }
    }
}
