package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.events.Events;
import dev.eventbus.schema.Upcaster;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HandlersTest {

    record Upcast(String event, int fromMajor) implements Upcaster {
        @Override
        public JsonNode upcast(JsonNode payload) {
            return payload;
        }
    }

    @Test
    void aHandlerOfTheMessagesOwnMajorWinsOverUpcasting() {
        Handlers handlers = Handlers.builder()
                .on("order.completed", 1, Map.class, e -> { })
                .on("order.completed", 2, Map.class, e -> { })
                .upcaster(new Upcast("order.completed", 1))
                .build();

        Handlers.Resolution resolution = handlers.resolve("order.completed", 1).orElseThrow();

        assertThat(resolution.registration().major()).isEqualTo(1);
        assertThat(resolution.upcasters()).isEmpty();
    }

    @Test
    void anOlderMajorReachesTheNearestNewerHandlerThroughAChainOfUpcasters() {
        Handlers handlers = Handlers.builder()
                .on("order.completed", 3, Map.class, e -> { })
                .upcaster(new Upcast("order.completed", 1))
                .upcaster(new Upcast("order.completed", 2))
                .build();

        Handlers.Resolution resolution = handlers.resolve("order.completed", 1).orElseThrow();

        assertThat(resolution.registration().major()).isEqualTo(3);
        assertThat(resolution.upcasters()).extracting(Upcaster::fromMajor).containsExactly(1, 2);
    }

    @Test
    void aMissingLinkOrANewerMajorHasNoResolutionBecauseThereIsNoDowncasting() {
        Handlers handlers = Handlers.builder()
                .on("order.completed", 3, Map.class, e -> { })
                .upcaster(new Upcast("order.completed", 1))
                .build();

        assertThat(handlers.resolve("order.completed", 1)).as("no 2->3 upcaster").isEmpty();
        assertThat(handlers.resolve("order.completed", 4)).isEmpty();
        assertThat(handlers.resolve("user.registered", 1)).isEmpty();
    }

    @Test
    void typedRegistrationTakesNameMajorAndPayloadTypeFromTheEventType() {
        Handlers handlers = Handlers.builder().on(Events.ORDER_COMPLETED_V2, e -> { }).build();

        Registration<?> registration = handlers.find("order.completed", 2).orElseThrow();
        assertThat(registration.payloadType()).isEqualTo(Events.ORDER_COMPLETED_V2.payloadType());
        assertThat(registration.name()).isEqualTo("order.completed.v2");
    }

    @Test
    void twoHandlersForOneMajorOrTwoUpcastersForOneStepAreRefused() {
        assertThatThrownBy(() -> Handlers.builder().on("a.b", 1, Map.class, e -> { }).on("a.b", 1, Map.class, e -> { }))
                .hasMessageContaining("two handlers for a.b v1");
        assertThatThrownBy(() -> Handlers.builder().upcaster(new Upcast("a.b", 1)).upcaster(new Upcast("a.b", 1)))
                .hasMessageContaining("two upcasters for a.b from major 1");
    }
}
