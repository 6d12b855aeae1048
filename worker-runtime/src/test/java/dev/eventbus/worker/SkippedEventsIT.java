package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.events.ChargeSucceededV1;
import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A consumer sharing a topic with events it does not subscribe to: {@code subscriptions} reads
 * {@code billing-events} for {@code charge.succeeded}, and {@code charge.reversed} arrives too.
 */
@ExtendWith(EmulatorExtension.class)
class SkippedEventsIT {

    private static final String CHARGE_SUCCEEDED = """
            {"charge_id":"ch_1","account_id":"acc_1","plan_id":"pro","amount_minor":990,"currency":"EUR",\
            "charged_at":"2026-11-23T10:00:00Z"}""";
    private static final String CHARGE_REVERSED = """
            {"reversal_id":"rv_1","charge_id":"ch_1","account_id":"acc_1","amount_minor":990,"currency":"EUR",\
            "reason":"the plan could not be activated","reversed_at":"2026-11-23T10:01:00Z"}""";

    @Test
    void anEventTheCatalogDoesNotRouteToThisConsumerIsAckedAsSkippedAndAnUnknownOneStillGoesToTheDlq(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5,
                "subscriptions")) {
            List<ChargeSucceededV1> charged = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            fixture.start(fixture.worker(Handlers.builder().on(Events.CHARGE_SUCCEEDED_V1, e -> charged.add(e.payload())).build())
                    .catalog(EventCatalog.load()).meterRegistry(registry));

            fixture.sendRaw(RetryAndDeadLetterIT.envelope("charge.reversed", "1.0", CHARGE_REVERSED), "charge.reversed");
            fixture.sendRaw(RetryAndDeadLetterIT.envelope("charge.reversed", "1.0", CHARGE_REVERSED), "charge.reversed");
            fixture.sendRaw(RetryAndDeadLetterIT.envelope("charge.succeeded", "1.0", CHARGE_SUCCEEDED), "charge.succeeded");
            fixture.sendRaw(RetryAndDeadLetterIT.envelope("charge.frozen", "1.0", "{}"), "charge.frozen");

            List<Message> dead = fixture.deadLetters(1, Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(10)).until(() -> charged.size() == 1 && fixture.depth() == 0);

            assertThat(WorkerFixture.counter(registry, "eventbus.worker.messages.handled", "event", "charge.reversed", "outcome", "skipped"))
                    .isEqualTo(2);
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(RetryAndDeadLetterIT.letter(m).reason()).isEqualTo(FailureReason.UNKNOWN_EVENT_TYPE);
                assertThat(m.messageAttributes().get("EventType").stringValue()).isEqualTo("charge.frozen");
            });
            assertThat(fixture.dlqDepth()).isEqualTo(1);
        }
    }
}
