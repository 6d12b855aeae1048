package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void everyKindOfOutcomeHasItsNameAmongTheMetricTagValues() {
        Failure failure = Failure.of(FailureReason.HANDLER_ERROR, "x", "h");
        List<Outcome> oneOfEach = List.of(Outcome.acked(), Outcome.duplicate(), Outcome.skipped(), new Outcome.RetryLater(Duration.ZERO, failure),
                new Outcome.DeadLettered(failure), new Outcome.Released("stopping"), new Outcome.LeaseLost("lapsed"));

        assertThat(oneOfEach.stream().map(Object::getClass).map(Class::getName))
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(Outcome.class.getPermittedSubclasses()).map(Class::getName).toList());
        assertThat(oneOfEach).extracting(Outcome::name).containsExactlyElementsOf(Outcome.NAMES);
    }
}
