package dev.eventbus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.schema.EventType;
import dev.eventbus.schema.EventVersion;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void anEventTypeNamesItsEventNewestMinorAndPayloadType() {
        assertThat(Events.ORDER_COMPLETED_V1.name()).isEqualTo("order.completed");
        assertThat(Events.ORDER_COMPLETED_V1.version()).isEqualTo(EventVersion.parse("1.2"));
        assertThat(Events.ORDER_COMPLETED_V1.major()).isEqualTo(1);
        assertThat(Events.ORDER_COMPLETED_V1.payloadType()).isEqualTo(OrderCompletedV1.class);
        assertThat(Events.ORDER_COMPLETED_V2.major()).isEqualTo(2);
        assertThat(Events.ORDER_COMPLETED_V1).hasToString("order.completed 1.2 (OrderCompletedV1)");
    }

    @Test
    void eventTypesWithTheSameNameVersionAndTypeAreEqual() {
        assertThat(EventType.of("order.completed", "1.2", OrderCompletedV1.class))
                .isEqualTo(Events.ORDER_COMPLETED_V1)
                .hasSameHashCodeAs(Events.ORDER_COMPLETED_V1)
                .isNotEqualTo(EventType.of("order.completed", "1.1", OrderCompletedV1.class));
    }

    @Test
    void anEventTypeRefusesMalformedNamesAndVersions() {
        assertThatThrownBy(() -> EventType.of("OrderCompleted", "1.0", OrderCompletedV1.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowercase dotted words");
        assertThatThrownBy(() -> EventType.of("order.completed", "v1", OrderCompletedV1.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAJOR.MINOR");
    }
}
