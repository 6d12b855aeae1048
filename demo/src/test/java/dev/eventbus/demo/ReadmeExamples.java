package dev.eventbus.demo;

import dev.eventbus.EventBus;
import dev.eventbus.PublishReceipt;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.OutboxRelay;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Registration;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The README's Java examples, verbatim, so they compile against today's API. {@link ReadmeExamplesTest}
 * fails when a README example is not found here. Never run.
 */
@SuppressWarnings("unused")
abstract class ReadmeExamples {

    interface Mailer {
        void confirm(OrderCompletedV1 order) throws Exception;
    }

    interface Crm {
        void add(dev.eventbus.events.UserRegisteredV1 user) throws Exception;
    }

    interface Webhooks {
        void post(OrderCompletedV1 order) throws Exception;
    }

    Crm crm;
    SnsClient snsClient;
    SqsClient sqsClient;
    String notificationsQueueUrl;
    OrderCompletedV1 order;
    Mailer mailer;
    Webhooks webhooks;
    EventBus bus;
    DataSource dataSource;
    TransactionTemplate transactions;
    JdbcTemplate jdbc;
    Outbox outbox;

    abstract void completeOrder(Connection tx, OrderCompletedV1 order) throws SQLException;

    void publish() {
        EventBus bus = EventBus.builder().sns(snsClient).sqs(sqsClient).source("monolith")
                .catalog(EventCatalog.load())
                .topic("order-events", "arn:aws:sns:eu-west-1:123456789012:order-events")
                .queue("monolith-inbox", "https://sqs.eu-west-1.amazonaws.com/123456789012/monolith-inbox")
                .build();
        PublishReceipt receipt = bus.publish(Events.ORDER_COMPLETED_V1, order);  // checked against its schema first
    }

    void businessKeys() {
        Handlers handlers = Handlers.builder()
                .on(Events.ORDER_COMPLETED_V1, event -> event.once("send-email", () -> mailer.confirm(event.payload())))
                .register(Registration.of(Events.USER_REGISTERED_V1, event -> crm.add(event.payload()))
                        .keyedBy(user -> Long.toString(user.userId()))   // a key of its own, for every message
                        .comparingPayloads())                            // same key, other payload: a dead letter
                .build();
    }

    void consume() {
        Worker worker = Worker.builder().sqs(sqsClient).queueUrl(notificationsQueueUrl).consumer("notifications")
                .catalog(EventCatalog.load())
                .dedupe(RedisDedupeStore.connect(URI.create("redis://redis:6379")))
                .handlers(Handlers.builder()
                        .on(Events.ORDER_COMPLETED_V1, event -> {
                            event.once("send-email", () -> mailer.confirm(event.payload()));
                            event.once("post-webhook", () -> webhooks.post(event.payload()));
                        })
                        .build())
                .build()
                .start();
    }

    void publishFromATransaction() throws SQLException {
        Outbox outbox = Outbox.builder().bus(bus).build();
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            completeOrder(tx, order);                                            // the order's own writes
            String eventId = outbox.add(tx, Events.ORDER_COMPLETED_V1, order);   // checked against its schema here
            tx.commit();                                                         // published if and only if this commits
        }
        OutboxRelay relay = OutboxRelay.builder().dataSource(dataSource).bus(bus).build().start();
    }

    void publishFromASpringTransaction() {
        transactions.executeWithoutResult(status -> {
            jdbc.update("UPDATE orders SET status = 'completed' WHERE id = ?", order.orderId());
            outbox.add(DataSourceUtils.getConnection(dataSource), Events.ORDER_COMPLETED_V1, order);
        });
    }
}
