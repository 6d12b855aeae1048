package dev.eventbus.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.bench.faults.FaultPlan.Fault;
import dev.eventbus.bench.faults.FaultPlan.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void theDefaultsSpreadEveryFaultOverThePublishingTimeWithoutOverlapAndTheRedisFaultsAmongTheWorkerFaults() {
        FaultPlan plan = FaultSuite.Options.parse(new String[0]).plan();

        List<Fault> faults = plan.faults();
        assertThat(plan.publishing()).isEqualTo(Duration.ofMillis(133_333));
        assertThat(faults).extracting(Fault::kind).containsExactly(Kind.KILL, Kind.KILL, Kind.REDIS_FREEZE, Kind.SIGTERM, Kind.KILL,
                Kind.REDIS_STOP, Kind.KILL, Kind.SIGTERM, Kind.REDIS_REFUSES_WRITES, Kind.KILL, Kind.SIGTERM);
        assertThat(faults).filteredOn(f -> f.kind() == Kind.REDIS_STOP).extracting(Fault::length).containsExactly(Duration.ofSeconds(15));
        for (int i = 1; i < faults.size(); i++) {
            Fault before = faults.get(i - 1);
            assertThat(faults.get(i).at()).as("fault %d starts after fault %d ended, with a gap", i, i - 1)
                    .isGreaterThanOrEqualTo(before.at().plus(before.length()).plus(FaultPlan.MIN_GAP));
        }
        Fault last = faults.getLast();
        assertThat(last.at().plus(last.length())).isLessThanOrEqualTo(plan.publishing());
    }

    @Test
    void refusesFaultsThatDoNotFitInThePublishingTime() {
        assertThatThrownBy(() -> FaultPlan.spread(Duration.ofSeconds(20), 5, 3, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11 faults (30 s of them Redis faults) do not fit in 20 s of publishing")
                .hasMessageContaining("publish more events, or at a lower rate");
    }

    @Test
    void aRedisFaultOfZeroSecondsIsLeftOut() {
        FaultPlan plan = FaultPlan.spread(Duration.ofSeconds(60), 1, 1, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO);

        assertThat(plan.faults()).extracting(Fault::kind).containsExactly(Kind.KILL, Kind.REDIS_STOP, Kind.SIGTERM);
    }
}
