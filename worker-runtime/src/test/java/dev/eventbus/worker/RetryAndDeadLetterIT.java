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
import dev.eventbus.worker.internal.Acknowledger;
import dev.eventbus.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

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
            deadLetters.forEach(m -> byReason.put(m.messageAttributes().get(Acknowledger.REASON).stringValue(), m));
            assertThat(byReason).containsOnlyKeys("malformed_json", "schema_violation", "unknown_event_type", "unsupported_version",
                    "non_retryable");
            for (Message dead : deadLetters) {
                assertThat(dead.messageAttributes().get(Acknowledger.ATTEMPTS).stringValue()).as("attempts").isEqualTo("1");
                assertThat(dead.messageAttributes()).containsKeys(Acknowledger.FINGERPRINT, Acknowledger.FAILED_AT,
                        Acknowledger.ERROR_MESSAGE, Acknowledger.SOURCE_QUEUE);
            }
            assertThat(byReason.get("non_retryable").messageAttributes().get(Acknowledger.ERROR_CLASS).stringValue())
                    .isEqualTo(NonRetryableException.class.getName());
            assertThat(byReason.get("non_retryable").messageAttributes().get(Acknowledger.HANDLER).stringValue()).isEqualTo("order.completed.v1");
            assertThat(byReason.get("unsupported_version").messageAttributes().get(Acknowledger.ERROR_MESSAGE).stringValue())
                    .contains("9.0");
            assertThat(byReason.get("unknown_event_type").messageAttributes().get("EventType").stringValue()).isEqualTo("invoice.frozen");
            assertThat(byReason.get("malformed_json").body()).as("the body is kept as received").isEqualTo("{\"event\": \"order.completed\", \"payload\": {");

            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(42L) && fixture.depth() == 0);
            assertThat(registry.find("eventbus.worker.dlq.sent").counters())
                    .as("one DLQ send counted per reason").hasSize(5)
                    .allSatisfy(c -> assertThat(c.count()).isEqualTo(1));
        }
    }

    static String envelope(String event, String version, String payload) {
        return "{\"id\":\"" + Emulators.uniqueName("evt") + "\",\"event\":\"" + event + "\",\"version\":\"" + version
                + "\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"payload\":" + payload + "}";
    }
}
