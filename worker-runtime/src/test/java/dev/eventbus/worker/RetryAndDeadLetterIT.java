package dev.eventbus.worker;

import static dev.eventbus.worker.WorkerFixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.PublishReceipt;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import dev.eventbus.worker.dedupe.FailureRecord;
import dev.eventbus.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Retryable failures come back with growing delays until the redrive policy; permanent ones go to the DLQ at once. */
@ExtendWith(EmulatorExtension.class)
class RetryAndDeadLetterIT {

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aHandlerThatKeepsFailingIsRetriedWithGrowingDelaysThenRedrivenAndItsFailureRecordSaysWhy(SqsServer server, ElasticMq elasticMq, Emulators env) {
        int maxReceiveCount = 4;
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(30), maxReceiveCount)) {
            List<Long> attemptsAt = new CopyOnWriteArrayList<>();
            List<Integer> receiveCounts = new CopyOnWriteArrayList<>();
            Worker worker = fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                attemptsAt.add(System.nanoTime());
                receiveCounts.add(e.receiveCount());
                throw new IllegalStateException("smtp relay refused the connection");
            }).build()).config(WorkerFixture.FAST.withRetry(RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8)))));

            PublishReceipt receipt = fixture.publish(5);

            List<Message> deadLetters = fixture.deadLetters(1, Duration.ofSeconds(40));
            assertThat(deadLetters).as("moved to the DLQ by the redrive policy").hasSize(1);
            assertThat(receiveCounts).containsExactly(1, 2, 3, 4);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < attemptsAt.size(); i++) {
                gaps.add((attemptsAt.get(i) - attemptsAt.get(i - 1)) / 1_000_000);
            }
            // Equal jitter: the n-th delay lies in [ceiling/2, ceiling] with ceilings 1 s, 2 s, 4 s, and SQS takes
            // whole seconds (rounded up), so the windows grow: 1 s, 1-2 s, 2-4 s. Neighbouring delays may be
            // equal (2 s then 2 s, when the third is drawn at exactly 2,000 ms), so each gap is checked against
            // its own window rather than against the one before. The upper bounds allow a second of latency:
            // during a long poll, moto looks again for visible messages only once a second.
            assertThat(gaps.get(0)).isBetween(500L, 2_500L);
            assertThat(gaps.get(1)).isBetween(1_000L, 3_500L);
            assertThat(gaps.get(2)).isBetween(2_000L, 5_500L);

            FailureRecord failure = worker.lastFailure(EVENT, receipt.eventId()).orElseThrow();
            assertThat(failure.reason()).isEqualTo("handler_error");
            assertThat(failure.failure().errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(failure.failure().message()).isEqualTo("smtp relay refused the connection");
            assertThat(failure.failure().handler()).isEqualTo("order.completed.v1");
            assertThat(failure.attempts()).isEqualTo(maxReceiveCount);
            assertThat(failure.history()).as("every failed attempt").extracting(FailureRecord.Attempt::attempt).containsExactly(1, 2, 3, 4);
            assertThat(failure.failure().fingerprint()).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void eachNonRetryableInputIsDeadLetteredAfterOneReceiveWithItsReasonAndTheWorkerKeepsConsuming(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(30), 5)) {
            List<Long> handled = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            fixture.start(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                if (e.payload().orderId() == 13) {
                    throw new NonRetryableException("order 13 was cancelled before it completed");
                }
                handled.add(e.payload().orderId());
            }).build(), registry);

            fixture.sendRaw("{\"event\": \"order.completed\", \"payload\": {", EVENT);
            fixture.sendRaw(envelope(EVENT, "1.0", "{\"order_id\":\"forty-two\",\"user_email\":\"a@example.com\"}"), EVENT);
            fixture.sendRaw(envelope("invoice.frozen", "1.0", "{\"invoice_id\":1}"), "invoice.frozen");
            fixture.sendRaw(envelope(EVENT, "9.0", "{\"order_id\":1}"), EVENT);
            fixture.publish(13);
            fixture.publish(42);

            List<Message> deadLetters = fixture.deadLetters(5, Duration.ofSeconds(20));
            assertThat(deadLetters).hasSize(5);
            Map<String, Message> byReason = new HashMap<>();
            deadLetters.forEach(m -> byReason.put(letter(m).reason().code(), m));
            assertThat(byReason).containsOnlyKeys("malformed_json", "schema_violation", "unknown_event_type", "unsupported_version",
                    "non_retryable");
            for (Message dead : deadLetters) {
                DeadLetter letter = letter(dead);
                assertThat(letter.attempts()).as("attempts").isEqualTo(1);
                assertThat(letter.fingerprint()).isNotBlank();
                assertThat(letter.errorMessage()).isNotBlank();
                assertThat(letter.sourceQueue()).isEqualTo(fixture.queue.url());
                assertThat(letter.sourceMessageId()).isNotBlank();
                assertThat(letter.consumer()).isEqualTo(fixture.consumer);
                assertThat(letter.failedAt()).isNotNull();
            }
            DeadLetter nonRetryable = letter(byReason.get("non_retryable"));
            assertThat(nonRetryable.errorClass()).isEqualTo(NonRetryableException.class.getName());
            assertThat(nonRetryable.handler()).isEqualTo("order.completed.v1");
            assertThat(nonRetryable.dedupeKey()).startsWith("id:");
            assertThat(nonRetryable.eventId()).isNotBlank();
            assertThat(letter(byReason.get("unsupported_version")).errorMessage()).contains("9.0");
            assertThat(byReason.get("unknown_event_type").messageAttributes().get("EventType").stringValue()).isEqualTo("invoice.frozen");
            assertThat(letter(byReason.get("malformed_json")).errorMessage()).as("names the rule and the position, not the body")
                    .isEqualTo("the message body is not valid JSON: it ends before its value does (at line 1, column 42)");
            assertThat(letter(byReason.get("schema_violation")).errorMessage()).doesNotContain("forty-two");
            assertThat(byReason.get("malformed_json").body()).as("the body is kept as received").isEqualTo("{\"event\": \"order.completed\", \"payload\": {");

            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(42L) && fixture.depth() == 0);
            assertThat(registry.find("eventbus.worker.dlq.sent").counters())
                    .as("one DLQ send counted per reason").hasSize(5)
                    .allSatisfy(c -> assertThat(c.count()).isEqualTo(1));
        }
    }

    @ParameterizedTest
    @EnumSource(SqsServer.class)
    void aDeadLetteredMessageKeepsItsBodyAndEveryAttributeItCarriedPlusTheFailure(SqsServer server, ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = server.fixture(elasticMq, env, Duration.ofSeconds(30), 5)) {
            fixture.start(Handlers.builder().on(EVENT, 1, Order.class, e -> {
                throw new NonRetryableException("order " + e.payload().orderId() + " was cancelled");
            }).build(), new SimpleMeterRegistry());
            String body = envelope(EVENT, "1.0", "{\"order_id\":13,\"user_email\":\"a@example.com\"}");
            Map<String, MessageAttributeValue> original = new LinkedHashMap<>();
            original.put("EventType", WorkerFixture.string(EVENT));
            original.put("traceparent", WorkerFixture.string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            original.put("tenant", WorkerFixture.string("acme"));
            original.put("priority", MessageAttributeValue.builder().dataType("Number").stringValue("7").build());
            original.put("signature", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("sig")).build());
            fixture.sendRaw(body, original);
            Map<String, MessageAttributeValue> crowded = new LinkedHashMap<>();
            for (int i = 1; i <= 9; i++) {
                crowded.put("custom-" + i, WorkerFixture.string("v" + i));
            }
            crowded.put("traceparent", WorkerFixture.string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            fixture.sendRaw(envelope(EVENT, "1.0", "{\"order_id\":14,\"user_email\":\"a@example.com\"}"), crowded);

            List<Message> dead = fixture.deadLetters(2, Duration.ofSeconds(20));

            assertThat(dead).hasSize(2);
            Message kept = dead.stream().filter(m -> m.body().equals(body)).findFirst().orElseThrow();
            assertThat(kept.messageAttributes()).containsAllEntriesOf(original).containsKeys("EventVersion", DeadLetter.FAILURE_ATTRIBUTE)
                    .hasSize(original.size() + 2);
            DeadLetter letter = letter(kept);
            assertThat(letter.reason()).isEqualTo(FailureReason.NON_RETRYABLE);
            assertThat(letter.errorMessage()).isEqualTo("order 13 was cancelled");
            assertThat(letter.droppedAttributes()).isEmpty();
            Message full = dead.stream().filter(m -> m != kept).findFirst().orElseThrow();
            assertThat(full.messageAttributes()).hasSize(DeadLetter.MAX_ATTRIBUTES)
                    .containsKeys("EventType", "EventVersion", "traceparent", DeadLetter.FAILURE_ATTRIBUTE, "custom-1", "custom-6");
            assertThat(letter(full).droppedAttributes()).containsExactly("custom-7", "custom-8", "custom-9");
        }
    }

    @Test
    void differentUnknownEventTypesAreGroupedApartWhileTwoTruncatedBodiesShareAGroup(ElasticMq elasticMq, Emulators env) {
        try (WorkerFixture fixture = SqsServer.ELASTICMQ.fixture(elasticMq, env, Duration.ofSeconds(30), 5)) {
            fixture.start(Handlers.builder().on(EVENT, 1, Order.class, e -> { }).build(), new SimpleMeterRegistry());
            fixture.sendRaw(envelope("invoice.frozen", "1.0", "{}"), "invoice.frozen");
            fixture.sendRaw(envelope("refund.issued", "1.0", "{}"), "refund.issued");
            fixture.sendRaw("{\"event\":\"order.completed\",\"payload\":{", EVENT);
            fixture.sendRaw("{\n\"event\":\"order.completed\",\n\"payload\":{\"order_id\":1", EVENT);

            Map<String, List<String>> fingerprints = new HashMap<>();
            for (Message m : fixture.deadLetters(4, Duration.ofSeconds(20))) {
                DeadLetter letter = letter(m);
                fingerprints.computeIfAbsent(letter.reason().code(), r -> new ArrayList<>()).add(letter.fingerprint());
            }

            assertThat(fingerprints.get("unknown_event_type")).hasSize(2).doesNotHaveDuplicates();
            assertThat(fingerprints.get("malformed_json")).hasSize(2).containsOnly(fingerprints.get("malformed_json").get(0));
        }
    }

    /** The failure a dead-lettered message carries. */
    static DeadLetter letter(Message message) {
        return DeadLetter.fromAttributes(message.messageAttributes()).orElseThrow();
    }

    static String envelope(String event, String version, String payload) {
        return "{\"id\":\"" + Emulators.uniqueName("evt") + "\",\"event\":\"" + event + "\",\"version\":\"" + version
                + "\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"payload\":" + payload + "}";
    }
}
