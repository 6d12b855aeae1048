package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.events.OrderCompletedV2;
import dev.eventbus.events.Upcasters;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** Versions in the worker: minors share a handler, older majors are upcast, unknown majors are kept, invalid payloads stop. */
@ExtendWith(EmulatorExtension.class)
class VersionsIT {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final String ORDER_1_0 = """
            {"order_id":1001,"user_id":7,"user_email":"alice@example.com","total":"19.90","currency":"EUR",\
            "line_items":[{"sku":"A-1","qty":2}]}""";

    @Test
    void everyMinorOfAMajorReachesItsHandlerIncludingMinorsNewerThanTheCatalogKnows(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<Event<OrderCompletedV1>> handled = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(Events.ORDER_COMPLETED_V1, handled::add).build()).catalog(CATALOG));

            fixture.sendRaw(legacy("1.0", ORDER_1_0), WorkerFixture.EVENT);
            fixture.sendRaw(RetryAndDeadLetterIT.envelope(WorkerFixture.EVENT, "1.1", ORDER_1_0.replace("\"currency\"", "\"total_cents\":1990,\"currency\"")),
                    WorkerFixture.EVENT);
            fixture.sendRaw(RetryAndDeadLetterIT.envelope(WorkerFixture.EVENT, "1.2",
                    ORDER_1_0.replace("\"currency\"", "\"completed_at\":\"2026-11-23T10:15:30Z\",\"currency\"")), WorkerFixture.EVENT);
            // 1.7 adds a property this consumer's catalog has never seen: tolerant reading lets it through.
            fixture.sendRaw(RetryAndDeadLetterIT.envelope(WorkerFixture.EVENT, "1.7", ORDER_1_0.replace("\"currency\"", "\"gift_wrap\":true,\"currency\"")),
                    WorkerFixture.EVENT);

            await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 4 && fixture.depth() == 0);
            assertThat(handled).extracting(e -> e.version().toString()).containsExactlyInAnyOrder("1.0", "1.1", "1.2", "1.7");
            assertThat(handled).allSatisfy(e -> assertThat(e.payload().orderId()).isEqualTo(1001));
            assertThat(handled).filteredOn(e -> e.version().minor() == 1).singleElement()
                    .satisfies(e -> assertThat(e.payload().totalCents()).isEqualTo(1990));
            assertThat(fixture.dlqDepth()).isZero();
        }
    }

    @Test
    void aV1MessageReachesAHandlerRegisteredForV2ThroughTheUpcaster(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<Event<OrderCompletedV2>> handled = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder()
                    .on(Events.ORDER_COMPLETED_V2, handled::add)
                    .upcasters(Upcasters.all())
                    .build()).catalog(CATALOG));

            fixture.sendRaw(legacy("1.0", ORDER_1_0), WorkerFixture.EVENT);

            await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 1 && fixture.depth() == 0);
            Event<OrderCompletedV2> event = handled.get(0);
            assertThat(event.version()).as("the version it was published at").hasToString("1.0");
            assertThat(event.payload().totalMinor()).isEqualTo(1990);
            assertThat(event.payload().lineItems()).singleElement().satisfies(item -> {
                assertThat(item.sku()).isEqualTo("A-1");
                assertThat(item.quantity()).isEqualTo(2);
            });
        }
    }

    @Test
    void aMessageOfAMajorNoHandlerKnowsIsKeptInTheDlqWithReasonUnsupportedVersion(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<Event<OrderCompletedV1>> handled = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(Events.ORDER_COMPLETED_V1, handled::add).upcasters(Upcasters.all()).build())
                    .catalog(CATALOG));
            String v2 = """
                    {"order_id":1,"user_id":7,"user_email":"a@example.com","total_minor":500,"currency":"EUR",\
                    "line_items":[{"sku":"A-1","quantity":1}]}""";

            fixture.sendRaw(RetryAndDeadLetterIT.envelope(WorkerFixture.EVENT, "2.0", v2), WorkerFixture.EVENT);
            fixture.sendRaw(legacy("1.0", ORDER_1_0), WorkerFixture.EVENT);

            List<Message> kept = fixture.deadLetters(1, Duration.ofSeconds(15));
            assertThat(kept).singleElement().satisfies(m -> {
                assertThat(RetryAndDeadLetterIT.letter(m).reason()).isEqualTo(FailureReason.UNSUPPORTED_VERSION);
                assertThat(m.messageAttributes().get("EventVersion").stringValue()).isEqualTo("2.0");
                assertThat(RetryAndDeadLetterIT.letter(m).errorMessage()).contains("handled majors: [1]");
                assertThat(m.body()).contains("\"total_minor\":500");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1 && fixture.depth() == 0);
        }
    }

    @Test
    void aPayloadThatBreaksItsSchemaNeverReachesItsHandlerAndIsDeadLetteredWithPointers(ElasticMq sqs, Emulators env) {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<Event<OrderCompletedV1>> handled = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(Events.ORDER_COMPLETED_V1, handled::add).build()).catalog(CATALOG));

            fixture.sendRaw(RetryAndDeadLetterIT.envelope(WorkerFixture.EVENT, "1.2",
                    ORDER_1_0.replace("\"qty\":2", "\"qty\":0").replace("alice@example.com", "not-an-email")), WorkerFixture.EVENT);

            List<Message> dead = fixture.deadLetters(1, Duration.ofSeconds(15));
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(RetryAndDeadLetterIT.letter(m).reason()).isEqualTo(FailureReason.SCHEMA_VIOLATION);
                assertThat(RetryAndDeadLetterIT.letter(m).attempts()).isEqualTo(1);
                assertThat(RetryAndDeadLetterIT.letter(m).errorMessage())
                        .contains("order.completed 1.2", "/line_items/0/qty: must be at least 1", "/user_email");
            });
            assertThat(handled).isEmpty();
        }
    }

    /** The monolith's older format: no id. */
    private static String legacy(String version, String payload) {
        return "{\"event\":\"order.completed\",\"version\":\"" + version + "\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"payload\":" + payload + "}";
    }
}
