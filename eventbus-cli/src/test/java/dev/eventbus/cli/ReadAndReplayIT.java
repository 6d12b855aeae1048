package dev.eventbus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

/** Reading a DLQ leaves it as it was; replay moves exactly what the filter selects, send first, and nothing else. */
@ExtendWith(EmulatorExtension.class)
class ReadAndReplayIT {

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void statsCountsEveryGroupExactlyAndLeavesEveryMessageVisibleAtOnce(SqsServer server, ElasticMq elasticMq, Emulators env) {
        DlqWorld world = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(37, "handler_error", "java.lang.IllegalStateException", "smtp relay refused the connection", "aaaaaaaaaaaa");
        world.seed(12, "non_retryable", "dev.eventbus.worker.NonRetryableException", "order was cancelled", "bbbbbbbbbbbb");

        Cli.Result r = world.cli.run("dlq", "stats", world.queue.name(), "--output", "json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.FAILURES);
        assertThat(r.summary().path("read").asInt()).isEqualTo(49);
        Map<String, Integer> byReason = counts(r, "reason", "reason");
        assertThat(byReason).containsExactlyInAnyOrderEntriesOf(Map.of("handler_error", 37, "non_retryable", 12));
        assertThat(counts(r, "fingerprint", "fingerprint")).containsExactlyInAnyOrderEntriesOf(Map.of("aaaaaaaaaaaa", 37, "bbbbbbbbbbbb", 12));
        assertThat(counts(r, "type", "event_type")).containsExactly(Map.entry("order.completed", 49));
        assertThat(r.records("group")).filteredOn(g -> g.path("by").asString().equals("reason"))
                .allSatisfy(g -> assertThat(g.path("from").asString()).isEqualTo("attribute"));
        assertThat(world.visible(world.queue.dlqUrl())).as("released at once, not after the hold").isEqualTo(49);
        assertThat(world.depth(world.queue.dlqUrl())).isEqualTo(49);
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void replayOfOneReasonMovesOnlyThoseSendingBodyAndAttributesWithAReplayIdAndNoFailure(SqsServer server, ElasticMq elasticMq,
            Emulators env) {
        DlqWorld world = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 3);
        List<String> smtp = world.seed(25, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");
        world.seed(8, "non_retryable", "dev.eventbus.worker.NonRetryableException", "order was cancelled", "bbbbbbbbbbbb");

        long started = System.nanoTime();
        Cli.Result r = world.cli.run("dlq", "replay", world.queue.name(), "--reason", "handler_error", "--rate", "50", "--output", "json");
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.OK);
        JsonNode summary = r.summary();
        assertThat(summary.path("matched").asInt()).isEqualTo(25);
        assertThat(summary.path("replayed").asInt()).isEqualTo(25);
        assertThat(seconds).as("25 messages at 50/s take about half a second").isGreaterThanOrEqualTo(0.4);
        List<Message> moved = world.drain(world.queue.url(), 25, Duration.ofSeconds(10));
        assertThat(moved).hasSize(25);
        Set<String> ids = new HashSet<>();
        for (Message m : moved) {
            assertThat(m.messageAttributes()).doesNotContainKey("eventbus.failure")
                    .containsKeys("EventType", "EventVersion", "traceparent", "eventbus.replay_id");
            assertThat(m.messageAttributes().get("eventbus.replay_id").stringValue()).isEqualTo(summary.path("replay_id").asString());
            ids.add(m.body().substring(7, 43));
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(smtp);
        assertThat(world.depth(world.queue.dlqUrl())).as("the other reason stays in the DLQ, visible").isEqualTo(8);
        assertThat(world.visible(world.queue.dlqUrl())).isEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aDryRunListsWhatWouldBeReplayedAndChangesNothing(SqsServer server, ElasticMq elasticMq, Emulators env) {
        DlqWorld world = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(6, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");

        Cli.Result r = world.cli.run("dlq", "replay", world.queue.name(), "--dry-run", "--output", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.records("prediction")).hasSize(6);
        assertThat(r.summary().path("matched").asInt()).isEqualTo(6);
        assertThat(world.depth(world.queue.url())).isZero();
        assertThat(world.visible(world.queue.dlqUrl())).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void replayToAnotherQueueWithALimitMovesThatManyThere(SqsServer server, ElasticMq elasticMq, Emulators env) {
        DlqWorld world = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(30, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");
        String other = world.sqs.createQueue(q -> q.queueName(Emulators.uniqueName("quarantine"))).queueUrl();

        Cli.Result r = world.cli.run("dlq", "replay", world.queue.dlqUrl(), "--to", other, "--limit", "12", "--output", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.summary().path("replayed").asInt()).isEqualTo(12);
        assertThat(world.depth(other)).isEqualTo(12);
        assertThat(world.depth(world.queue.url())).isZero();
        assertThat(world.visible(world.queue.dlqUrl())).isEqualTo(18);
    }

    private static Map<String, Integer> counts(Cli.Result r, String by, String field) {
        return r.records("group").stream().filter(g -> g.path("by").asString().equals(by))
                .collect(Collectors.toMap(g -> g.path(field).asString(), g -> g.path("count").asInt()));
    }
}
