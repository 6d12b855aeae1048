package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.EventBus;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.events.Events;
import dev.eventbus.events.ScholarshipWonV1;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.PostgresExtension;
import dev.eventbus.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The outbox under Spring's transaction management, without Spring Boot: a DataSourceTransactionManager, and
 * {@code outbox.add(DataSourceUtils.getConnection(dataSource), ...)} inside the transaction, beside a
 * JdbcTemplate write. Real PostgreSQL; ElasticMQ for the queue.
 */
@ExtendWith({EmulatorExtension.class, PostgresExtension.class})
class OutboxSpringIT {

    static ScholarshipWonV1 scholarship(long userId) {
        return new ScholarshipWonV1(userId, 3, "Top of the class", 50, "TOP50", 1, Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-12-23T10:00:00Z"));
    }

    @Test
    void theEventCommitsAndRollsBackWithSpringsTransactionAndOnlyTheCommittedOneIsSent(ElasticMq sqs, TestPostgres postgres) {
        OutboxDatabase db = OutboxDatabase.create(postgres);
        String inbox = sqs.queues().queueWithDlq("monolith-inbox").url();
        EventBus bus = EventBus.builder().sqs(sqs.sqs()).catalog(EventCatalog.load()).queue("monolith-inbox", inbox).build();
        Outbox outbox = Outbox.builder().bus(bus).table(db.table()).build();
        DataSource dataSource = db.dataSource();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        AtomicReference<String> committedId = new AtomicReference<>();
        transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO orders (id, status) VALUES (?, 'awarded')", 1L);
            committedId.set(outbox.add(DataSourceUtils.getConnection(dataSource), Events.SCHOLARSHIP_WON_V1, scholarship(1)));
        });
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO orders (id, status) VALUES (?, 'awarded')", 2L);
            outbox.add(DataSourceUtils.getConnection(dataSource), Events.SCHOLARSHIP_WON_V1, scholarship(2));
            throw new IllegalStateException("the award was revoked before commit");
        })).hasMessage("the award was revoked before commit");

        assertThat(jdbc.queryForList("SELECT id FROM orders", Long.class)).containsExactly(1L);
        assertThat(jdbc.queryForList("SELECT event_id FROM " + db.table().qualifiedName(), String.class))
                .containsExactly(committedId.get());

        try (OutboxRelay relay = OutboxRelay.builder().dataSource(dataSource).bus(bus).table(db.table()).build().start()) {
            List<Message> received = Emulators.receive(sqs.sqs(), inbox, 2, Duration.ofSeconds(5));
            assertThat(received).extracting(m -> new EnvelopeCodec().decode(m.body()).id()).containsExactly(committedId.get());
        }
    }
}
