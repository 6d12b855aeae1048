package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxTableTest {

    @Test
    void theMigrationShippedInTheJarIsTheDefaultTablesDdl() throws IOException {
        try (InputStream in = OutboxTable.class.getClassLoader().getResourceAsStream(OutboxTable.MIGRATION_RESOURCE)) {
            assertThat(in).as(OutboxTable.MIGRATION_RESOURCE).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .as("regenerate the file from OutboxTable.DEFAULT.ddl()").isEqualTo(OutboxTable.DEFAULT.ddl());
        }
    }

    @Test
    void aSchemaQualifiedTableNamesItsIndexesTriggerAndChannelAfterItself() {
        OutboxTable table = OutboxTable.of("billing", "outbox");

        assertThat(table.qualifiedName()).isEqualTo("billing.outbox");
        assertThat(table.channel()).isEqualTo("billing.outbox");
        assertThat(table.ddl()).contains("CREATE TABLE billing.outbox (", "CREATE INDEX outbox_pending ON billing.outbox (id)",
                "CREATE FUNCTION billing.outbox_notify()", "pg_notify('billing.outbox', '')",
                "CREATE TRIGGER outbox_notify AFTER INSERT ON billing.outbox").doesNotContain("eventbus_outbox");
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefusedBecauseTheyAreWrittenIntoSql() {
        assertThatThrownBy(() -> OutboxTable.of("outbox; DROP TABLE orders")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowercase SQL identifier");
        assertThatThrownBy(() -> OutboxTable.of("Billing", "outbox")).hasMessageContaining("schema name");
        assertThatThrownBy(() -> OutboxTable.of("x".repeat(56))).hasMessageContaining("at most 55");
    }

    @Test
    void retriesBackOffExponentiallyBetweenHalfTheCeilingAndTheCeilingUpToTheMax() {
        RelayConfig config = RelayConfig.builder().retry(Duration.ofMillis(200), Duration.ofSeconds(10)).build();

        assertThat(config.retryDelayMillis(1, 0.0)).isEqualTo(100);
        assertThat(config.retryDelayMillis(1, 1.0)).isEqualTo(200);
        assertThat(config.retryDelayMillis(3, 1.0)).isEqualTo(800);
        assertThat(config.retryDelayMillis(30, 0.0)).isEqualTo(5_000);
        assertThat(config.retryDelayMillis(30, 1.0)).isEqualTo(10_000);
    }

    @Test
    void settingsStartAtTheirNamedDefaultsAndBadOnesAreRefused() {
        RelayConfig defaults = RelayConfig.defaults();
        assertThat(defaults.batchSize()).isEqualTo(RelayConfig.DEFAULT_BATCH_SIZE);
        assertThat(defaults.retention()).isEqualTo(RelayConfig.DEFAULT_RETENTION);
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
        assertThatThrownBy(() -> RelayConfig.builder().batchSize(0).build()).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> RelayConfig.builder().retry(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .hasMessageContaining("retryMax");
    }
}
