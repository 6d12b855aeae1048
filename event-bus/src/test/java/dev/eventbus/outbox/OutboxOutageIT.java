package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.EventBus;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.PostgresExtension;
import dev.eventbus.testing.TcpProxy;
import dev.eventbus.testing.TestPostgres;
import dev.eventbus.testing.TestQueues;
import dev.eventbus.testing.TestQueues.TestQueue;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SNS and SQS unreachable for more than 30 s (the relay talks to moto through a proxy that is stopped):
 * the application's transactions keep committing, rows pile up, and every event is sent once the
 * endpoint is back. Nothing is lost.
 */
@ExtendWith({EmulatorExtension.class, PostgresExtension.class})
class OutboxOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(32);

    @Test
    void transactionsCommitWhileSnsIsUnreachableAndEveryEventIsSentWhenItReturns(Emulators env, TestPostgres postgres)
            throws Exception {
        TestQueues queues = env.queues();
        String orderEvents = queues.topic("order-events");
        TestQueue notifications = queues.queueWithDlq("notifications");
        queues.subscribe(orderEvents, notifications);
        OutboxDatabase db = OutboxDatabase.create(postgres);
        Set<String> added = new HashSet<>();
        try (TcpProxy proxy = TcpProxy.to(env.aws().sns());
                SnsClient sns = SnsClient.builder().endpointOverride(proxy.endpoint()).region(Region.of(env.aws().region()))
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5)))
                        .build();
                SqsClient sqs = Emulators.sqsClient(proxy.endpoint(), env.aws().region())) {
            EventBus bus = EventBus.builder().sns(sns).sqs(sqs).source("monolith").catalog(EventCatalog.load())
                    .topic("order-events", orderEvents).build();
            Outbox outbox = Outbox.builder().bus(bus).table(db.table()).build();
            RelayConfig config = RelayConfig.builder().retry(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .backlogInterval(Duration.ofMillis(500)).build();
            try (OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).bus(bus).table(db.table()).config(config)
                    .build().start()) {
                proxy.stop();
                long outageStarted = System.nanoTime();
                long order = 0;
                while (System.nanoTime() - outageStarted < OUTAGE.toNanos()) {
                    try (Connection tx = db.begin()) {
                        OutboxDatabase.insertOrder(tx, ++order);
                        added.add(outbox.add(tx, Events.ORDER_COMPLETED_V1, OutboxIT.order(order)));
                        tx.commit();
                    }
                    Thread.sleep(200);
                }
                assertThat(db.orders()).as("every transaction committed").isEqualTo(order);
                assertThat(db.count("sent_at IS NULL")).as("every row is still pending").isEqualTo(order);
                assertThat(Emulators.approximateDepth(env.sqs(), notifications.url())).as("nothing reached the queue").isZero();
                assertThat(relay.stats().unavailable()).as("the relay kept trying").isPositive();
                assertThat(relay.stats().relayed()).isZero();
                assertThat(relay.health().ready()).isFalse();
                assertThat(relay.health().detail()).contains("sending to SNS/SQS fails");

                proxy.start();

                Set<String> received = new HashSet<>();
                EnvelopeCodec codec = new EnvelopeCodec();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (received.size() < added.size() && System.nanoTime() < deadline) {
                    for (Message m : Emulators.receive(env.sqs(), notifications.url(), added.size(), Duration.ofSeconds(2))) {
                        received.add(codec.decode(m.body()).id());
                        env.sqs().deleteMessage(r -> r.queueUrl(notifications.url()).receiptHandle(m.receiptHandle()));
                    }
                }
                assertThat(received).as("every event added during the outage, and no other").isEqualTo(added);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(db.count("sent_at IS NULL")).isZero();
                    assertThat(relay.health().ready()).isTrue();
                });
            }
        }
        assertThat(added).hasSizeGreaterThan(100);
    }
}
