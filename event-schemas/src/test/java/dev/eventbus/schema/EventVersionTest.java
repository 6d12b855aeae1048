package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The grammar as a regular expression, which {@code parse} used to run: the hand-written scan must
     * accept exactly what it accepts, with the same numbers.
     */
    private static final Pattern GRAMMAR = Pattern.compile("([1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})");

    @Test
    void acceptsExactlyWhatTheGrammarAccepts() {
        List<String> texts = new ArrayList<>();
        String alphabet = "0129.x -";
        // every string of up to 5 characters over the alphabet, and longer numbers around the 6-digit limit
        build(texts, "", alphabet, 5);
        for (String major : List.of("1", "10", "99999", "999999", "1000000", "0999999")) {
            for (String minor : List.of("0", "00", "05", "999999", "1000000", "123456", "1234567")) {
                texts.add(major + "." + minor);
                texts.add(" " + major + "." + minor + "\t");
            }
        }
        int accepted = 0;
        for (String text : texts) {
            Matcher m = GRAMMAR.matcher(text.trim());
            if (m.matches()) {
                accepted++;
                assertThat(EventVersion.parse(text)).as(text)
                        .isEqualTo(EventVersion.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            } else {
                assertThatThrownBy(() -> EventVersion.parse(text)).as(text)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAJOR.MINOR");
            }
        }
        assertThat(texts).hasSizeGreaterThan(30_000);
        assertThat(accepted).as("versions among the texts").isGreaterThan(100);
    }

    private static void build(List<String> out, String prefix, String alphabet, int left) {
        out.add(prefix);
        if (left > 0) {
            for (char c : alphabet.toCharArray()) {
                build(out, prefix + c, alphabet, left - 1);
            }
        }
    }
}
