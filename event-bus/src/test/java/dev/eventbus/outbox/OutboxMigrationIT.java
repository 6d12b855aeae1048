package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.PostgresExtension;
import dev.eventbus.testing.TestPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The migration in the jar, run the way the README tells Flyway and Liquibase users to, makes a working outbox. */
@ExtendWith({EmulatorExtension.class, PostgresExtension.class})
class OutboxMigrationIT {

    @Test
    void flywayRunsTheShippedFileCopiedIntoItsMigrations(TestPostgres postgres, ElasticMq sqs, @TempDir Path dir) throws Exception {
        TestPostgres.Schema schema = postgres.schema("flyway");
        try (InputStream migration = OutboxTable.class.getClassLoader().getResourceAsStream(OutboxTable.MIGRATION_RESOURCE)) {
            Files.copy(migration, dir.resolve("V42__eventbus_outbox.sql"));
        }

        Flyway.configure().dataSource(schema.dataSource()).schemas(schema.name()).locations("filesystem:" + dir).load().migrate();

        assertWorkingOutbox(schema.dataSource(), sqs);
    }

    @Test
    void liquibaseRunsTheShippedFileFromTheClassPathAsOneStatement(TestPostgres postgres, ElasticMq sqs, @TempDir Path dir)
            throws Exception {
        TestPostgres.Schema schema = postgres.schema("liquibase");
        Files.writeString(dir.resolve("changelog.xml"), """
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                      http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
                  <changeSet id="eventbus-outbox" author="app">
                    <sqlFile path="eventbus/outbox/postgresql.sql" splitStatements="false"/>
                  </changeSet>
                </databaseChangeLog>
                """);
        try (Connection connection = schema.dataSource().getConnection()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase("changelog.xml", new CompositeResourceAccessor(new DirectoryResourceAccessor(dir),
                    new ClassLoaderResourceAccessor(OutboxTable.class.getClassLoader())), database)) {
                liquibase.update("");
            }
        }

        assertWorkingOutbox(schema.dataSource(), sqs);
    }

    /** The default table in the schema, with its notify trigger, takes an event and its relay sends it. */
    private static void assertWorkingOutbox(DataSource dataSource, ElasticMq sqs) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_trigger"
                        + " WHERE tgname = 'eventbus_outbox_notify' AND tgrelid = 'eventbus_outbox'::regclass")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the notify trigger").isEqualTo(1);
        }
        String inbox = sqs.queues().queueWithDlq("monolith-inbox").url();
        EventBus bus = EventBus.builder().sqs(sqs.sqs()).catalog(EventCatalog.load()).queue("monolith-inbox", inbox).build();
        String id;
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            id = Outbox.builder().bus(bus).build().add(tx, Events.SCHOLARSHIP_WON_V1, OutboxSpringIT.scholarship(1));
            tx.commit();
        }
        try (OutboxRelay relay = OutboxRelay.builder().dataSource(dataSource).bus(bus).build().start()) {
            var received = Emulators.receive(sqs.sqs(), inbox, 1, Duration.ofSeconds(10));
            assertThat(received).singleElement().satisfies(m -> assertThat(m.body()).contains(id));
        }
    }
}
