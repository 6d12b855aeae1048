package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.PublishReceipt;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a busy worker process: it exits 0 within its grace period and no event is lost or handled twice. */
@ExtendWith(EmulatorExtension.class)
class GracefulShutdownIT {

    @Test
    void aBusyWorkerProcessGivenSigtermExitsZeroInItsGracePeriodAndEveryEventIsHandledOnce(ElasticMq sqs, Emulators env,
            @TempDir Path dir) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            Set<String> published = new HashSet<>();
            for (long order = 0; order < 60; order++) {
                PublishReceipt receipt = fixture.publish(order);
                published.add(receipt.eventId());
            }
            Path ledger = dir.resolve("ledger.txt");
            Path output = dir.resolve("worker.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process worker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShutdownTestWorker.class.getName(),
                    sqs.endpoint().toString(), fixture.queue.url(), env.redis().uri().toString(), fixture.consumer, ledger.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(ledger).size() >= 10);

                long signalled = System.nanoTime();
                worker.destroy(); // SIGTERM
                assertThat(worker.waitFor(15, TimeUnit.SECONDS)).as("exited within the 10 s grace period (+ JVM exit)").isTrue();
                long millis = (System.nanoTime() - signalled) / 1_000_000;

                String log = Files.readString(output);
                assertThat(worker.exitValue()).as("exit status; worker output:%n%s", log).isZero();
                assertThat(millis).isLessThan(12_000);
                assertThat(log).contains("SIGTERM received").contains("STOPPED");
            } finally {
                worker.destroyForcibly();
            }
            int handledBeforeShutdown = lines(ledger).size();
            assertThat(handledBeforeShutdown).isLessThan(60);

            // A fresh worker picks up whatever the stopped one released or had not received.
            fixture.start(fixture.worker(ShutdownTestWorker.ledgerHandlers(ledger, Duration.ZERO)));
            await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(lines(ledger)).size() == 60 && fixture.depth() == 0);

            List<String> handled = lines(ledger);
            assertThat(handled).as("each event handled exactly once").hasSize(60).doesNotHaveDuplicates();
            assertThat(new HashSet<>(handled)).isEqualTo(published);
            assertThat(fixture.dlqDepth()).isZero();
        }
    }

    private static List<String> lines(Path ledger) throws IOException {
        return Files.exists(ledger) ? Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }
}
