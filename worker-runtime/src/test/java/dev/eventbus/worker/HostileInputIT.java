package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import dev.eventbus.worker.dedupe.DedupeKeys;
import dev.eventbus.worker.dedupe.DedupeState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** What a message carries stays data: no id reaches another event's keys, and no body text reaches the failure details. */
@ExtendWith(EmulatorExtension.class)
class HostileInputIT {

    @Test
    void anIdNamingAnotherEventsStepCannotMakeThatStepBeSkipped(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<String> emails = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(WorkerFixture.EVENT, 1, Order.class,
                    e -> e.once("send-email", () -> emails.add(e.id()))).build()));
            String victim = Emulators.uniqueName("evt");
            String hostile = victim + ":step:send-email";

            // Before ids were encoded, this message's claim key was the victim's step key: its done marker marked the step done.
            fixture.sendRaw(withId(hostile, 1), WorkerFixture.EVENT);
            await().atMost(Duration.ofSeconds(10)).until(() -> emails.contains(hostile) && fixture.depth() == 0);
            fixture.sendRaw(withId(victim, 2), WorkerFixture.EVENT);

            await().atMost(Duration.ofSeconds(10)).until(() -> emails.contains(victim) && fixture.depth() == 0);
            assertThat(emails).containsExactlyInAnyOrder(hostile, victim);
            String victimKey = "eventbus:dedupe:" + fixture.consumer + ":" + WorkerFixture.EVENT + ":id:" + victim;
            DedupeState state = fixture.store.inspect(victimKey);
            assertThat(state.status()).isEqualTo(DedupeState.Status.DONE);
            assertThat(state.steps()).containsExactly("send-email");
            assertThat(fixture.store.inspect(victimKey + "%3Astep%3Asend-email").status()).isEqualTo(DedupeState.Status.DONE);
            assertThat(fixture.store.lastFailure(DedupeKeys.failureKeyForEventId(fixture.consumer, WorkerFixture.EVENT, hostile))).isEmpty();
            assertThat(fixture.dlqDepth()).isZero();
        }
    }

    @Test
    void idsAndEventNamesThatCouldSplitALogLineAreDeadLetteredWithoutBeingRepeated(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<Long> handled = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(WorkerFixture.EVENT, 1, Order.class, e -> handled.add(e.payload().orderId()))
                    .build()));
            fixture.sendRaw(withId("evt\\nINFO forged line", 1), WorkerFixture.EVENT);
            fixture.sendRaw(withId("x".repeat(500), 2), WorkerFixture.EVENT);
            fixture.sendRaw(RetryAndDeadLetterIT.envelope("order.completed\\nforged", "1.0", "{}"), WorkerFixture.EVENT);
            fixture.sendRaw("{\"event\":\"order.completed\",\"payload\":{\"user_email\":\"very-private@example.com\"", WorkerFixture.EVENT);

            List<Message> dead = fixture.deadLetters(4, Duration.ofSeconds(20));

            assertThat(dead).hasSize(4).allSatisfy(m -> {
                DeadLetter letter = RetryAndDeadLetterIT.letter(m);
                assertThat(letter.reason()).isIn(FailureReason.INVALID_ENVELOPE, FailureReason.MALFORMED_JSON);
                assertThat(letter.errorMessage()).doesNotContain("forged", "xxxxxxxx", "very-private");
                assertThat(letter.eventId()).isNull();
            });
            assertThat(handled).isEmpty();
        }
    }

    private static String withId(String id, long orderId) {
        return "{\"id\":\"" + id + "\",\"event\":\"order.completed\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T10:00:00Z\","
                + "\"payload\":{\"order_id\":" + orderId + ",\"user_email\":\"u@example.com\"}}";
    }
}
