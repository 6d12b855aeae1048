package dev.eventbus.outbox;

import dev.eventbus.EventBus;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.Emulators;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An outbox relay in a JVM of its own, for {@link RelayCrashIT} to kill. Arguments: the JDBC URL (with
 * {@code currentSchema}), the outbox's schema, the SQS endpoint and the queue URL. Prints
 * {@code RELAYED n} whenever its count of relayed rows changes; stops when its standard input closes.
 */
public final class RelayProcess {

    private RelayProcess() {}

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser("postgres");
        SqsClient sqs = Emulators.sqsClient(URI.create(args[2]), "us-east-1");
        EventBus bus = EventBus.builder().sqs(sqs).source("monolith").catalog(EventCatalog.load()).queue("monolith-inbox", args[3])
                .build();
        RelayConfig config = RelayConfig.builder().batchSize(20).retry(Duration.ofMillis(50), Duration.ofMillis(500)).build();
        OutboxRelay relay = OutboxRelay.builder().dataSource(dataSource).bus(bus).table(OutboxTable.of(args[1], "eventbus_outbox"))
                .config(config).name("relay-" + ProcessHandle.current().pid()).build().start();
        Thread reporter = new Thread(() -> {
            long last = -1;
            while (true) {
                long relayed = relay.stats().relayed();
                if (relayed != last) {
                    System.out.println("RELAYED " + relayed);
                    System.out.flush();
                    last = relayed;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reporter.setDaemon(true);
        reporter.start();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        relay.close();
        System.exit(0);
    }
}
