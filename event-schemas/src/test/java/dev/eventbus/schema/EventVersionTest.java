package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventVersionTest {

    @Test
    void parsesTheWireFormatAndPrintsItBack() {
        EventVersion v = EventVersion.parse("1.2");
        assertThat(v.major()).isEqualTo(1);
        assertThat(v.minor()).isEqualTo(2);
        assertThat(v).hasToString("1.2");
    }

    @Test
    void ordersByMajorThenMinor() {
        assertThat(EventVersion.parse("1.10")).isGreaterThan(EventVersion.parse("1.2"));
        assertThat(EventVersion.parse("2.0")).isGreaterThan(EventVersion.parse("1.10"));
        assertThat(EventVersion.parse("1.0").sameMajorAs(EventVersion.parse("1.7"))).isTrue();
        assertThat(EventVersion.parse("1.0").sameMajorAs(EventVersion.parse("2.0"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.2.3", "v1.0", "0.1", "1.-1", "01.0", "", " . "})
    void rejectsTextThatIsNotMajorDotMinor(String text) {
        assertThatThrownBy(() -> EventVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAJOR.MINOR");
    }

    @Test
    void rejectsAMissingVersionWithAClearMessage() {
        assertThatThrownBy(() -> EventVersion.parse(null)).hasMessageContaining("version is missing");
    }
}
