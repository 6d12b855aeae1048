package dev.eventbus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay killed with kill -9 at random points and then run again loses no message and makes no
 * handler run twice: send-first-then-delete leaves a message in both queues at worst, never in neither,
 * and the consumer's dedupe acks the second copy.
 */
@ExtendWith(EmulatorExtension.class)
class ReplayCrashIT {

    private static final int MESSAGES = 5_000;
    private static final Duration HOLD = Duration.ofSeconds(3);

    /** An order payload as the handler reads it. */
    record Order(long orderId, String userEmail) {}

    @Test
    void aReplayKilledAtRandomPointsThenRunAgainLosesNothingAndRunsNoHandlerTwice(ElasticMq elasticMq, Emulators env, @TempDir Path logs)
            throws Exception {
        DlqWorld world = new DlqWorld(SqsServer.ELASTICMQ, elasticMq, env, Duration.ofSeconds(30), 3);
        Set<String> all = new HashSet<>(world.seed(MESSAGES, "handler_error", "java.lang.IllegalStateException", "smtp relay refused",
                "aaaaaaaaaaaa"));
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CliProcess cli = new CliProcess(elasticMq.endpoint(), world.redis, ElasticMq.REGION);
        Random random = new Random();
        List<Integer> leftAfterKill = new ArrayList<>();
        try (RedisDedupeStore store = RedisDedupeStore.connect(world.redis);
                Worker worker = Worker.builder().sqs(world.sqs).queueUrl(world.queue.url()).dedupe(store).meterRegistry(meters)
                        .config(WorkerConfig.defaults().withWaitTime(Duration.ofSeconds(1)).withAckFlushInterval(Duration.ofMillis(20)))
                        .handlers(Handlers.builder().on(DlqWorld.EVENT, 1, Order.class,
                                e -> runs.computeIfAbsent(e.id(), id -> new AtomicInteger()).incrementAndGet()).build())
                        .build().start()) {
            for (int kill = 1; kill <= 3; kill++) {
                File out = logs.resolve("replay-" + kill + ".out").toFile();
                Process replay = cli.start(out, logs.resolve("replay-" + kill + ".err").toFile(), "dlq", "replay", world.queue.name(),
                        "--hold", HOLD.toSeconds() + "s");
                // kill it at a random point of the replay: once a random number of further messages left the DLQ
                int before = world.depth(world.queue.dlqUrl());
                int killAt = before - 1 - random.nextInt(Math.max(1, before / 3));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> world.depth(world.queue.dlqUrl()) <= killAt);
                replay.destroyForcibly(); // SIGKILL: no shutdown hook runs, nothing is released
                assertThat(replay.waitFor(10, TimeUnit.SECONDS)).isTrue();
                leftAfterKill.add(world.depth(world.queue.dlqUrl()));
                Thread.sleep(HOLD.toMillis() + 1_000); // what the killed replay held comes back
            }
            File out = logs.resolve("replay-final.out").toFile();
            Process last = cli.start(out, logs.resolve("replay-final.err").toFile(), "dlq", "replay", world.queue.name(), "--output", "json");
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(out.toPath()) + Files.readString(logs.resolve("replay-final.err"))).isZero();

            System.out.println("[replay-crash] last run: " + Files.readString(out.toPath()).strip());
            await().atMost(Duration.ofSeconds(120)).until(() -> runs.size() == MESSAGES && world.depth(world.queue.url()) == 0);
        }
        System.out.println("[replay-crash] DLQ depth after each kill: " + leftAfterKill + "; duplicates acked by the consumer: "
                + meters.find("eventbus.worker.dedupe.hits").counters().stream().mapToDouble(c -> c.count()).sum());
        assertThat(leftAfterKill).as("each kill landed during the replay").allSatisfy(left -> assertThat(left).isBetween(1, MESSAGES - 1))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(world.depth(world.queue.dlqUrl())).as("the last run moved everything left").isZero();
        assertThat(runs.keySet()).as("every event was handled: none lost").isEqualTo(all);
        assertThat(runs.values()).as("no handler ran twice for one event").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }
}
