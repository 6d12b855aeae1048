package dev.eventbus.worker;

import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import dev.eventbus.worker.admin.ShutdownSignal;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A worker process for {@link GracefulShutdownIT}: handles each order slowly, appending its event id to
 * a ledger file, until SIGTERM; then stops gracefully and returns from main. It runs with the default
 * settings (a 20 s long poll, 50 ms ack batching) but for its in-flight limit and shutdown grace.
 *
 * <p>Arguments: SQS endpoint, queue URL, Redis URI, consumer name, ledger file.
 */
public final class ShutdownTestWorker {

    private ShutdownTestWorker() {}

    public static void main(String[] args) throws Exception {
        URI sqsEndpoint = URI.create(args[0]);
        String queueUrl = args[1];
        URI redis = URI.create(args[2]);
        String consumer = args[3];
        Path ledger = Path.of(args[4]);
        ShutdownSignal signal = ShutdownSignal.install();
        try (SqsClient sqs = Emulators.sqsClient(sqsEndpoint, "us-east-1");
                RedisDedupeStore store = RedisDedupeStore.connect(redis);
                Worker worker = Worker.builder().sqs(sqs).queueUrl(queueUrl).consumer(consumer).dedupe(store)
                        .handlers(ledgerHandlers(ledger, Duration.ofMillis(300)))
                        .config(WorkerConfig.defaults().withMaxInFlight(8).withShutdownGrace(Duration.ofSeconds(10)))
                        .build()) {
            worker.start();
            System.out.println("READY");
            signal.await();
        }
        System.out.println("STOPPED");
    }

    /** Handlers that take {@code pause} per order and then append its event id to {@code ledger}. */
    static Handlers ledgerHandlers(Path ledger, Duration pause) {
        return Handlers.builder().on(WorkerFixture.EVENT, 1, Order.class, e -> {
            Thread.sleep(pause);
            append(ledger, e.id());
        }).build();
    }

    private static synchronized void append(Path ledger, String line) throws IOException {
        Files.writeString(ledger, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }
}
