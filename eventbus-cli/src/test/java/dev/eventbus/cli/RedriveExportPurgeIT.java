package dev.eventbus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.cli.audit.AuditLog;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The native redrive and its refusals, export, purge, and the audit records they leave. */
@ExtendWith(EmulatorExtension.class)
class RedriveExportPurgeIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void redriveStartsSqsMoveTaskToTheSourceQueueShowsItsStatusAndIsAudited(ElasticMq elasticMq, Emulators env) {
        DlqWorld world = new DlqWorld(SqsServer.ELASTICMQ, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(20, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");

        Cli.Result started = world.cli.run("dlq", "redrive", world.queue.name(), "--output", "json", "--actor", "alice");

        assertThat(started.exit()).as(started.toString()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> world.depth(world.queue.url()) == 20 && world.depth(world.queue.dlqUrl()) == 0);
        Cli.Result status = world.cli.run("dlq", "redrive", "status", world.queue.name(), "--output", "json");
        assertThat(status.exit()).as(status.toString()).isZero();
        JsonNode task = status.records("redrive_task").getFirst();
        assertThat(task.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(task.path("task_handle").asString()).isEqualTo(started.records("redrive").getFirst().path("task_handle").asString());
        JsonNode audit = world.cli.run("audit", "--action", "redrive", "--queue", world.dlqName(), "--output", "json").records("audit").getFirst();
        assertThat(audit.path("actor").asString()).isEqualTo("alice");
        assertThat(audit.path("destination").asString()).isEqualTo(world.queue.name());
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void redriveOfAQueueThatIsNoSqsQueuesDlqIsRefusedWithTheReason(SqsServer server, ElasticMq elasticMq, Emulators env) {
        DlqWorld world = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 3);
        String snsDlq = world.sqs.createQueue(q -> q.queueName(Emulators.uniqueName("subscription-dlq"))).queueUrl();

        Cli.Result r = world.cli.run("dlq", "redrive", snsDlq);

        assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("SQS's redrive only moves messages out of the DLQ of an SQS queue", "dlq replay");
    }

    @Test
    void aSecondRedriveWhileOneRunsIsRefusedAndCancelStopsIt(ElasticMq elasticMq, Emulators env) {
        DlqWorld world = new DlqWorld(SqsServer.ELASTICMQ, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(200, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");

        assertThat(world.cli.run("dlq", "redrive", world.queue.name(), "--rate", "1").exit()).isZero();
        Cli.Result second = world.cli.run("dlq", "redrive", world.queue.name());
        assertThat(second.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(second.err()).contains("already running");
        Cli.Result cancel = world.cli.run("dlq", "redrive", "cancel", world.queue.name(), "--output", "json");
        assertThat(cancel.exit()).as(cancel.toString()).isZero();
        assertThat(cancel.records("redrive_cancelled")).hasSize(1);
        // ElasticMQ forgets a cancelled task (AWS lists it as CANCELLED): either way none is running any more
        assertThat(world.cli.run("dlq", "redrive", "status", world.queue.name(), "--output", "json").records("redrive_task"))
                .noneSatisfy(t -> assertThat(t.path("status").asString()).isEqualTo("RUNNING"));
        int left = world.depth(world.queue.dlqUrl());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(world.depth(world.queue.dlqUrl())).as("nothing moves after the cancel").isEqualTo(left).isGreaterThan(150);
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void exportWritesEachSelectedMessageWithBodyAttributesAndFailureAndLeavesTheDlq(SqsServer server, ElasticMq elasticMq, Emulators env,
            @TempDir Path dir) throws Exception {
        DlqWorld world = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 3);
        List<String> ids = world.seed(4, "non_retryable", "dev.eventbus.worker.NonRetryableException", "order was cancelled", "bbbbbbbbbbbb");
        world.seed(3, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");
        Path file = dir.resolve("ticket-123.ndjson");

        Cli.Result r = world.cli.run("dlq", "export", world.queue.name(), file.toString(), "--reason", "non_retryable", "--output", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        List<JsonNode> lines = Files.readAllLines(file).stream().map(JSON::readTree).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).extracting(l -> l.path("event_id").asString()).containsExactlyInAnyOrderElementsOf(ids);
        JsonNode line = lines.getFirst();
        assertThat(line.path("body").asString()).startsWith("{\"id\":\"" + line.path("event_id").asString() + "\"");
        assertThat(line.path("attributes").path("traceparent").path("string_value").asString()).startsWith("00-");
        assertThat(line.path("attributes").path("eventbus.failure").path("data_type").asString()).isEqualTo("String");
        assertThat(line.path("failure").path("reason").asString()).isEqualTo("non_retryable");
        assertThat(world.visible(world.queue.dlqUrl())).isEqualTo(7);
        assertThat(world.cli.run("dlq", "export", world.queue.name(), file.toString()).exit()).as("never overwrites unasked").isEqualTo(ExitCode.USAGE);
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void purgeExportsWhatItDeletesFirstAsksAndDeletesOnlyTheSelection(SqsServer server, ElasticMq elasticMq, Emulators env,
            @TempDir Path dir) throws Exception {
        DlqWorld world = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(5, "malformed_json", "", "not JSON", "cccccccccccc");
        world.seed(3, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");
        Path kept = dir.resolve("purged.ndjson");

        Cli.Result declined = world.cli.onTerminal("no\n").run("dlq", "purge", world.queue.name(), "--reason", "malformed_json",
                "--export", dir.resolve("declined.ndjson").toString());
        assertThat(declined.exit()).as(declined.toString()).isZero();
        assertThat(declined.err()).contains("Delete 5 of the 8 messages");
        assertThat(world.visible(world.queue.dlqUrl())).as("not confirmed: nothing deleted").isEqualTo(8);

        Cli.Result r = world.cli.onTerminal("yes\n").run("dlq", "purge", world.queue.name(), "--reason", "malformed_json", "--export",
                kept.toString(), "--actor", "bob", "--no-progress");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(kept)).hasSize(5);
        assertThat(world.depth(world.queue.dlqUrl())).isEqualTo(3);
        try (RedisClient redis = RedisClient.create(world.redis)) {
            assertThat(redis.xrevrange(AuditLog.STREAM, "+", "-", 50)).anySatisfy(e -> {
                assertThat(e.getFields()).containsEntry("action", "purge").containsEntry("actor", "bob")
                        .containsEntry("queue", world.dlqName());
                assertThat(e.getFields().get("counts")).contains("\"deleted\":5");
            });
        }
    }
}
