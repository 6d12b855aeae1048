package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** The catalog's per-consumer queue settings: what the project declares, and what loading refuses. */
class CatalogConsumersTest {

    @TempDir
    Path dir;

    @Test
    void everySubscriberHasTheSeedsQueueSettings() {
        EventCatalog catalog = EventCatalog.load();

        assertThat(catalog.consumers()).extracting(ConsumerSettings::name)
                .containsExactly("analytics", "billing", "monolith", "notifications", "subscriptions");
        ConsumerSettings notifications = catalog.consumer("notifications").orElseThrow();
        assertThat(notifications.queue()).isEqualTo("notifications");
        assertThat(notifications.dlq()).isEqualTo("notifications-dlq");
        assertThat(notifications.maxReceiveCount()).isEqualTo(3);
        assertThat(notifications.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(notifications.messageRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(notifications.dlqRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(notifications.handlerTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(catalog.consumer("nobody")).isEmpty();
    }

    @Test
    void theReaderOfAPointToPointEventReadsThatEventsQueue() {
        EventCatalog catalog = EventCatalog.load();

        for (EventDefinition event : catalog.events()) {
            if (!event.channel().isFanOut()) {
                assertThat(catalog.consumer(event.subscribers().get(0)).orElseThrow().queue())
                        .as(event.name()).isEqualTo(event.channel().name());
            }
        }
        assertThat(catalog.consumer("monolith").orElseThrow().queue()).isEqualTo("monolith-inbox");
    }

    static Stream<Arguments> brokenConsumers() {
        return Stream.of(
                broken("a subscriber without settings",
                        c -> event(c, "order.completed").putArray("subscribers").add("analytics").add("audit")
                                .add("notifications"),
                        "order.completed lists subscriber \"audit\" but \"consumers\" has no entry for it"),
                broken("settings of a consumer that subscribes to nothing",
                        c -> consumers(c).set("audit", consumers(c).get("analytics").deepCopy()),
                        "consumers.audit subscribes to no event"),
                broken("a DLQ that keeps messages no longer than its queue",
                        c -> consumer(c, "notifications").put("dlq_retention_seconds", 86400),
                        "consumers.notifications: dlq_retention_seconds (86400) must be longer than"
                                + " message_retention_seconds (86400)"),
                broken("a handler time limit longer than the visibility timeout",
                        c -> consumer(c, "notifications").put("handler_timeout_seconds", 45),
                        "consumers.notifications: handler_timeout_seconds (45) must be at most"
                                + " visibility_timeout_seconds (30)"),
                broken("a retention beyond SQS's 14 days",
                        c -> consumer(c, "analytics").put("dlq_retention_seconds", 1209601),
                        "consumers.analytics: dlq_retention_seconds must be 60 to 1209600, not 1209601"),
                broken("a maxReceiveCount of zero",
                        c -> consumer(c, "analytics").put("max_receive_count", 0),
                        "consumers.analytics: max_receive_count must be 1 to 1000, not 0"),
                broken("a missing setting",
                        c -> consumer(c, "billing").remove("visibility_timeout_seconds"),
                        "consumers.billing: visibility_timeout_seconds is required (a whole number)"),
                broken("a setting as text",
                        c -> consumer(c, "billing").put("max_receive_count", "3"),
                        "consumers.billing: max_receive_count must be a whole number, not \"3\""),
                broken("an unknown setting",
                        c -> consumer(c, "billing").put("retention_days", 14),
                        "consumers.billing: unknown key \"retention_days\""),
                broken("the reader of a point-to-point event reading another queue",
                        c -> consumer(c, "monolith").remove("queue"),
                        "scholarship.won goes to queue monolith-inbox, which its subscriber \"monolith\" must read, but"
                                + " consumers.monolith.queue is \"monolith\""),
                broken("two consumers on one queue",
                        c -> consumer(c, "analytics").put("queue", "notifications"),
                        "consumers.analytics and consumers.notifications both read queue \"notifications\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConsumers")
    void refusesACatalogWith(String what, Consumer<ObjectNode> breakIt, String expected) {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir).editCatalog(breakIt);

        assertThatThrownBy(fixture::load)
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("the event catalog is inconsistent")
                .hasMessageContaining("catalog.json: " + expected);
    }

    private static Arguments broken(String what, Consumer<ObjectNode> breakIt, String expected) {
        return Arguments.of(what, breakIt, expected);
    }

    private static ObjectNode event(ObjectNode catalog, String name) {
        return (ObjectNode) catalog.get("events").get(name);
    }

    private static ObjectNode consumers(ObjectNode catalog) {
        return (ObjectNode) catalog.get("consumers");
    }

    private static ObjectNode consumer(ObjectNode catalog, String name) {
        return (ObjectNode) consumers(catalog).get(name);
    }
}
