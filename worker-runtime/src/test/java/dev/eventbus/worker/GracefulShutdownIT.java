package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.PublishReceipt;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and {@code close()} with the default 20 s long poll: the worker exits 0 within its grace
 * period (or the end of a long poll in progress, which it lets finish rather than abort), every delete
 * it owes is sent, every message it releases is visible again at once, and no event is lost or handled
 * twice.
 */
@ExtendWith(EmulatorExtension.class)
class GracefulShutdownIT {

    @Test
    void aBusyWorkerProcessGivenSigtermExitsZeroSendsEveryDeleteItOwesAndLeavesNothingInvisible(ElasticMq sqs, Emulators env,
            @TempDir Path dir) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            Set<String> published = new HashSet<>();
            for (long order = 0; order < 60; order++) {
                PublishReceipt receipt = fixture.publish(order);
                published.add(receipt.eventId());
            }
            Path ledger = dir.resolve("ledger.txt");
            Path output = dir.resolve("worker.log");
            Process worker = startWorker(sqs, env, fixture, ledger, output);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(ledger).size() >= 10);

                long signalled = System.nanoTime();
                worker.destroy(); // SIGTERM
                assertThat(worker.waitFor(15, TimeUnit.SECONDS)).as("exited within the 10 s grace period (+ JVM exit)").isTrue();
                long millis = (System.nanoTime() - signalled) / 1_000_000;

                String log = Files.readString(output);
                assertThat(worker.exitValue()).as("exit status; worker output:%n%s", log).isZero();
                assertThat(millis).isLessThan(12_000);
                assertThat(log).contains("SIGTERM received").contains("STOPPED").doesNotContain("not sent");
            } finally {
                worker.destroyForcibly();
            }
            int handledBeforeShutdown = lines(ledger).size();
            assertThat(handledBeforeShutdown).isLessThan(60);
            // Every handled message was deleted and every other one released: none waits out its 30 s visibility timeout.
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(fixture.invisible()).as("messages left invisible").isZero();
                assertThat(fixture.visible()).as("messages left on the queue").isEqualTo(60 - handledBeforeShutdown);
            });

            // A fresh worker picks up whatever the stopped one released or had not received.
            fixture.start(fixture.worker(ShutdownTestWorker.ledgerHandlers(ledger, Duration.ZERO)));
            await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(lines(ledger)).size() == 60 && fixture.depth() == 0);

            List<String> handled = lines(ledger);
            assertThat(handled).as("each event handled exactly once").hasSize(60).doesNotHaveDuplicates();
            assertThat(new HashSet<>(handled)).isEqualTo(published);
            assertThat(fixture.dlqDepth()).isZero();
        }
    }

    @Test
    void aMessageArrivingWhileAnIdleWorkerStopsIsReleasedByTheLongPollItLetFinishNotStrandedByAnAbortedOne(ElasticMq sqs,
            Emulators env, @TempDir Path dir) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            Path output = dir.resolve("worker.log");
            Process worker = startWorker(sqs, env, fixture, dir.resolve("ledger.txt"), output);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(output).contains("READY"));
                Thread.sleep(1_000); // both pollers are now inside a 20 s long poll on the empty queue

                long signalled = System.nanoTime();
                worker.destroy();
                Thread.sleep(500);
                // An aborted long poll goes on waiting on the SQS side and takes this message for 30 s; a finished one
                // hands it to the stopping worker, which releases it.
                fixture.publish(1);
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long millis = (System.nanoTime() - signalled) / 1_000_000;

                assertThat(worker.exitValue()).as("worker output:%n%s", Files.readString(output)).isZero();
                assertThat(millis).as("shutdown took at most the long poll's 20 s wait").isLessThan(22_000);
            } finally {
                worker.destroyForcibly();
            }
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(fixture.visible()).as("the message published during shutdown, visible").isEqualTo(1);
                assertThat(fixture.invisible()).isZero();
            });
        }
    }

    @Test
    void messagesReleasedAtTheEndOfTheGracePeriodAreVisibleAgainWithinASecond(ElasticMq sqs, Emulators env) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            CountDownLatch started = new CountDownLatch(5);
            Worker worker = fixture.start(fixture.worker(Handlers.builder().on(WorkerFixture.EVENT, 1, Order.class, e -> {
                started.countDown();
                Thread.sleep(60_000);
            }).build()).config(WorkerConfig.defaults().withShutdownGrace(Duration.ofSeconds(1))));
            for (long order = 0; order < 5; order++) {
                fixture.publish(order);
            }
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(fixture.invisible()).isEqualTo(5);

            worker.close(); // returns once the pollers' 20 s long polls have ended too

            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(fixture.visible()).as("released, visible again").isEqualTo(5);
                assertThat(fixture.invisible()).isZero();
            });
        }
    }

    private static Process startWorker(ElasticMq sqs, Emulators env, WorkerFixture fixture, Path ledger, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShutdownTestWorker.class.getName(),
                sqs.endpoint().toString(), fixture.queue.url(), env.redis().uri().toString(), fixture.consumer, ledger.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    private static List<String> lines(Path ledger) throws IOException {
        return Files.exists(ledger) ? Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }
}
