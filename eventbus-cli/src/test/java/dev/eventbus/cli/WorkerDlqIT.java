package dev.eventbus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import dev.eventbus.worker.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * The tool on a DLQ the real worker filled: poison messages (malformed JSON, an unknown event type), a
 * handler that refuses some orders for good (non_retryable, dead-lettered at once with the failure
 * attribute) and one that keeps failing while the SMTP relay is down (retried until the redrive policy
 * moves them: no attribute, the failure record in Redis says why), and a copy of an event already handled.
 */
@ExtendWith(EmulatorExtension.class)
class WorkerDlqIT {

    /** An order payload as the handler reads it. */
    record Order(long orderId, String userEmail) {}

    static final int CANCELLED = 5;
    static final int RELAY = 3;
    static final int MALFORMED = 2;
    static final int UNKNOWN_TYPE = 1;
    static final int DEAD_LETTERS = CANCELLED + RELAY + MALFORMED + UNKNOWN_TYPE + 1;

    /** A worker, its DLQ filled as above, and the handler runs per order. */
    static final class World implements AutoCloseable {
        final DlqWorld dlq;
        final RedisDedupeStore store;
        final Worker worker;
        final AtomicBoolean relayUp = new AtomicBoolean();
        final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        String handledEventId;

        World(SqsServer server, ElasticMq elasticMq, Emulators env) {
            dlq = new DlqWorld(server, elasticMq, env, Duration.ofSeconds(30), 2);
            store = RedisDedupeStore.connect(dlq.redis);
            worker = Worker.builder().sqs(dlq.sqs).queueUrl(dlq.queue.url()).dedupe(store)
                    .config(WorkerConfig.defaults().withWaitTime(Duration.ofSeconds(1)).withAckFlushInterval(Duration.ofMillis(20))
                            .withShutdownGrace(Duration.ofSeconds(5)).withRetry(RetryPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(1))))
                    .handlers(Handlers.builder().on(DlqWorld.EVENT, 1, Order.class, e -> {
                        long order = e.payload().orderId();
                        if (order >= 100 && order < 100 + CANCELLED) {
                            throw new NonRetryableException("order was cancelled before it completed");
                        }
                        if (order >= 200 && order < 200 + RELAY && !relayUp.get()) {
                            throw new IllegalStateException("smtp relay refused the connection");
                        }
                        runs.computeIfAbsent(order, o -> new AtomicInteger()).incrementAndGet();
                    }).build())
                    .build().start();
            for (int i = 0; i < CANCELLED; i++) {
                send(DlqWorld.envelope(UUID.randomUUID().toString(), DlqWorld.EVENT, "1.0", 100 + i), DlqWorld.EVENT);
            }
            for (int i = 0; i < RELAY; i++) {
                send(DlqWorld.envelope(UUID.randomUUID().toString(), DlqWorld.EVENT, "1.0", 200 + i), DlqWorld.EVENT);
            }
            for (int i = 0; i < MALFORMED; i++) {
                send("{\"event\": \"order.completed\", \"payload\": {", DlqWorld.EVENT);
            }
            send(DlqWorld.envelope(UUID.randomUUID().toString(), "invoice.frozen", "1.0", 1), "invoice.frozen");
            // an event handled, whose copy is in the DLQ as after a delete that was lost
            handledEventId = UUID.randomUUID().toString();
            String handled = DlqWorld.envelope(handledEventId, DlqWorld.EVENT, "1.0", 300);
            send(handled, DlqWorld.EVENT);
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.containsKey(300L));
            dlq.sqs.sendMessage(r -> r.queueUrl(dlq.queue.dlqUrl()).messageBody(handled).messageAttributes(Map.of(
                    MessageAttributes.EVENT_TYPE, DlqWorld.string(DlqWorld.EVENT))));
            await().atMost(Duration.ofSeconds(60)).until(() -> dlq.depth(dlq.queue.dlqUrl()) == DEAD_LETTERS && dlq.depth(dlq.queue.url()) == 0);
        }

        private void send(String body, String type) {
            dlq.sqs.sendMessage(r -> r.queueUrl(dlq.queue.url()).messageBody(body)
                    .messageAttributes(Map.of(MessageAttributes.EVENT_TYPE, MessageAttributeValue.builder().dataType("String").stringValue(type).build())));
        }

        Cli.Result run(String... args) {
            String[] json = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--output", "json"))
                    .toArray(String[]::new);
            return dlq.cli.run(json);
        }

        @Override
        public void close() {
            worker.close();
            store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void statsGroupsTheWorkersDeadLettersByReasonTypeAndFingerprintExactlyAndLeavesTheDlq(SqsServer server, ElasticMq elasticMq,
            Emulators env) {
        try (World w = new World(server, elasticMq, env)) {
            Cli.Result r = w.run("dlq", "stats", w.dlq.queue.name());

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.FAILURES);
            assertThat(r.summary().path("read").asInt()).isEqualTo(DEAD_LETTERS);
            assertThat(groups(r, "reason", "reason")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "non_retryable", CANCELLED + " from attribute", "handler_error", RELAY + " from record",
                    "malformed_json", MALFORMED + " from attribute", "unknown_event_type", UNKNOWN_TYPE + " from attribute",
                    "max_receives", "1 from none"));
            assertThat(r.records("group").stream().filter(g -> g.path("by").asString().equals("type"))
                    .collect(Collectors.toMap(g -> g.path("event_type").asString() + " " + g.path("event_version").asString(null),
                            g -> g.path("count").asInt()))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "order.completed 1.0", CANCELLED + RELAY + 1, "order.completed null", MALFORMED, "invoice.frozen 1.0", UNKNOWN_TYPE));
            List<JsonNode> fingerprints = r.records("group").stream().filter(g -> g.path("by").asString().equals("fingerprint")).toList();
            assertThat(fingerprints).filteredOn(g -> g.path("reason").asString().equals("non_retryable")).singleElement()
                    .satisfies(g -> {
                        assertThat(g.path("count").asInt()).isEqualTo(CANCELLED);
                        assertThat(g.path("error_class").asString()).isEqualTo(NonRetryableException.class.getName());
                        assertThat(g.path("error_message").asString()).isEqualTo("order was cancelled before it completed");
                    });
            assertThat(fingerprints).filteredOn(g -> g.path("reason").asString().equals("handler_error")).singleElement()
                    .satisfies(g -> assertThat(g.path("count").asInt()).isEqualTo(RELAY));
            assertThat(w.dlq.depth(w.dlq.queue.dlqUrl())).isEqualTo(DEAD_LETTERS);
            assertThat(w.dlq.visible(w.dlq.queue.dlqUrl())).as("every message visible again at once").isEqualTo(DEAD_LETTERS);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void showPrintsTheFailureRecordWithEveryAttemptAndTheDedupeState(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (World w = new World(server, elasticMq, env)) {
            Cli.Result relay = w.run("dlq", "show", w.dlq.queue.name(), "--reason", "handler_error");
            assertThat(relay.exit()).as(relay.toString()).isEqualTo(ExitCode.FAILURES);
            assertThat(relay.records("message")).hasSize(RELAY).allSatisfy(m -> {
                assertThat(m.path("reason_from").asString()).isEqualTo("record");
                assertThat(m.path("failure").path("error_class").asString()).isEqualTo(IllegalStateException.class.getName());
                assertThat(m.path("attempts")).as("both failed attempts").hasSize(2);
                assertThat(m.path("attempts").get(1).path("error_message").asString()).isEqualTo("smtp relay refused the connection");
                assertThat(m.path("dedupe").path("status").asString()).isEqualTo("never_seen");
                assertThat(m.path("envelope").path("payload").path("user_email").asString()).as("masked").isEqualTo("***");
            });

            Cli.Result done = w.run("dlq", "show", w.dlq.queue.name(), w.handledEventId);
            JsonNode m = done.records("message").getFirst();
            assertThat(m.path("dedupe").path("status").asString()).isEqualTo("done");
            assertThat(m.path("dedupe").path("ttl_seconds").asLong()).isPositive();
            assertThat(m.path("reason").asString()).isEqualTo("max_receives");
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aDryRunChangesNothingAndPredictsTheDuplicate(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (World w = new World(server, elasticMq, env)) {
            Cli.Result r = w.run("dlq", "replay", w.dlq.queue.name(), "--type", DlqWorld.EVENT, "--dry-run");

            assertThat(r.exit()).as(r.toString()).isZero();
            Map<String, String> byEvent = r.records("prediction").stream().filter(p -> !p.path("event_id").isNull())
                    .collect(Collectors.toMap(p -> p.path("event_id").asString(), p -> p.path("prediction").asString()));
            assertThat(byEvent).containsEntry(w.handledEventId, "duplicate");
            assertThat(byEvent).hasSize(CANCELLED + RELAY + 1);
            assertThat(byEvent.values()).filteredOn("handle"::equals).hasSize(CANCELLED + RELAY);
            assertThat(r.records("prediction")).filteredOn(p -> p.path("prediction").asString().equals("dead_letter_again")).hasSize(MALFORMED);
            assertThat(w.dlq.visible(w.dlq.queue.dlqUrl())).isEqualTo(DEAD_LETTERS);
            assertThat(w.dlq.depth(w.dlq.queue.url())).isZero();
            assertThat(w.runs.get(300L).get()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void replayOfOneReasonAtFiftyPerSecondMovesOnlyThoseAndTheWorkerHandlesThem(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (World w = new World(server, elasticMq, env)) {
            w.relayUp.set(true);

            Cli.Result r = w.run("dlq", "replay", w.dlq.queue.name(), "--reason", "handler_error", "--rate", "50");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.summary().path("replayed").asInt()).isEqualTo(RELAY);
            await().atMost(Duration.ofSeconds(30)).until(() -> w.runs.keySet().containsAll(List.of(200L, 201L, 202L)));
            assertThat(w.runs.keySet()).as("nothing else was handled").containsExactlyInAnyOrder(200L, 201L, 202L, 300L);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.dlq.depth(w.dlq.queue.url()) == 0);
            assertThat(w.dlq.depth(w.dlq.queue.dlqUrl())).isEqualTo(DEAD_LETTERS - RELAY);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aCanaryThatFailsAgainStopsTheReplay(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (World w = new World(server, elasticMq, env)) {
            Cli.Result r = w.run("dlq", "replay", w.dlq.queue.name(), "--reason", "non_retryable", "--canary", "2", "--wait", "30s");

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.FAILURES);
            assertThat(r.records("canary")).hasSize(2).allSatisfy(c -> {
                assertThat(c.path("outcome").asString()).isEqualTo("failed");
                assertThat(c.path("detail").asString()).contains("non_retryable", "order was cancelled");
            });
            assertThat(r.summary().path("replayed").asInt()).as("only the canaries").isEqualTo(2);
            assertThat(r.summary().path("canaries_ok").asBoolean()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> w.dlq.depth(w.dlq.queue.dlqUrl()) == DEAD_LETTERS);
            assertThat(w.runs.keySet()).containsExactly(300L);
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aHandledEventIsAckedAsADuplicateAndRunsAgainWithForceWhichIsAudited(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (World w = new World(server, elasticMq, env)) {
            Cli.Result plain = w.run("dlq", "replay", w.dlq.queue.name(), "--id", w.handledEventId);
            assertThat(plain.exit()).as(plain.toString()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> w.dlq.depth(w.dlq.queue.url()) == 0);
            assertThat(w.runs.get(300L).get()).as("acked as a duplicate, the handler not run").isEqualTo(1);

            w.dlq.sqs.sendMessage(q -> q.queueUrl(w.dlq.queue.dlqUrl()).messageBody(DlqWorld.envelope(w.handledEventId, DlqWorld.EVENT, "1.0", 300)));
            Cli.Result forced = w.run("dlq", "replay", w.dlq.queue.name(), "--id", w.handledEventId, "--force", "--actor", "carol");
            assertThat(forced.exit()).as(forced.toString()).isZero();
            assertThat(forced.summary().path("forced").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.runs.get(300L).get() == 2);

            JsonNode audit = w.dlq.cli.run("audit", "--action", "force", "--output", "json").records("audit").getFirst();
            assertThat(audit.path("actor").asString()).isEqualTo("carol");
            assertThat(audit.path("queue").asString()).isEqualTo(w.dlq.dlqName());
            assertThat(audit.path("detail").asString()).contains(w.handledEventId);
            assertThat(audit.path("counts").path("forced").asInt()).isEqualTo(1);
        }
    }

    private static Map<String, String> groups(Cli.Result r, String by, String field) {
        return r.records("group").stream().filter(g -> g.path("by").asString().equals(by))
                .collect(Collectors.toMap(g -> g.path(field).asString(), g -> g.path("count").asInt() + " from " + g.path("from").asString()));
    }
}
