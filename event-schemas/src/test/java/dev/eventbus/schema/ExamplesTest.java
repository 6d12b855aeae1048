package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example payload gets exactly the verdict recorded for it (rule L7). */
class ExamplesTest {

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final PayloadValidator VALIDATOR = new PayloadValidator(CATALOG);

    static Stream<Examples.Example> validExamples() {
        return Examples.valid();
    }

    static Stream<Examples.Example> invalidExamples() {
        return Examples.invalid();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExamplePasses(Examples.Example example) {
        assertThat(VALIDATOR.validate(example.event(), example.version(), example.payload())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleFailsWithExactlyTheRecordedViolations(Examples.Example example) {
        assertThat(example.expected()).isNotEmpty();
        assertThat(VALIDATOR.validate(example.event(), example.version(), example.payload()))
                .containsExactlyElementsOf(example.expected());
    }

    @Test
    void everyVersionHasAtLeastTwoValidExamples() {
        Map<String, Long> validPerVersion = Examples.valid()
                .collect(Collectors.groupingBy(e -> e.event() + " " + e.version(), Collectors.counting()));
        for (EventDefinition event : CATALOG.events()) {
            for (EventVersion version : event.versions()) {
                assertThat(validPerVersion.getOrDefault(event.name() + " " + version, 0L))
                        .as("valid examples of %s %s", event.name(), version)
                        .isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void everyEventHasAtLeastThreeInvalidExamples() {
        Map<String, Long> invalidPerEvent =
                Examples.invalid().collect(Collectors.groupingBy(Examples.Example::event, Collectors.counting()));
        for (EventDefinition event : CATALOG.events()) {
            assertThat(invalidPerEvent.getOrDefault(event.name(), 0L))
                    .as("invalid examples of %s", event.name())
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void everyExampleIsOfAVersionTheCatalogHas() {
        Set<String> known = new TreeSet<>();
        CATALOG.events().forEach(e -> e.versions().forEach(v -> known.add(e.name() + " " + v)));

        assertThat(Examples.all()).extracting(e -> e.event() + " " + e.version()).allMatch(known::contains);
    }
}
