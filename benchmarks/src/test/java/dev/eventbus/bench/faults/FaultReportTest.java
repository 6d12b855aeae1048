package dev.eventbus.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.bench.faults.FaultPlan.Kind;
import dev.eventbus.bench.faults.FaultReport.Cause;
import dev.eventbus.bench.faults.FaultSuite.Injected;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.eventbus.worker.DeadLetter;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** How a run's history is judged: each repeated side effect attributed by the faults around it. */
class FaultReportTest {

    private static final long T = 1_800_000_000_000L;
    private static final long WORKER_A = 101;
    private static final long WORKER_B = 202;

    private final List<Ledger.Effect> effects = new ArrayList<>();
    private final List<Injected> injected = new ArrayList<>();
    private final List<Ledger.LeaseLoss> leaseLosses = new ArrayList<>();
    private final List<FaultReport.DlqMessage> deadLetters = new ArrayList<>();

    @Test
    void aRepeatAfterItsWorkerWasKilledRightAfterTheEffectIsACrashInsideTheMarkerWindow() {
        injected.add(new Injected(Kind.KILL, "worker-1", WORKER_A, T + 40, T + 60, 137));
        effects.add(new Ledger.Effect("e1", WORKER_A, 1, T));
        effects.add(new Ledger.Effect("e1", WORKER_B, 2, T + 6_000));

        FaultReport report = report(Set.of("e1"));

        assertThat(report.duplicates(Cause.CRASH)).isOne();
        assertThat(report.duplicates(Cause.STORE_FAULT)).isZero();
        assertThat(report.handledOnce()).isZero();
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void aRepeatOfAnEffectMadeWhileRedisWasDownIsCausedByTheStoreFaultAndFailsTheRun() {
        injected.add(new Injected(Kind.REDIS_STOP, "redis", -1, T + 200, T + 15_200, -1));
        effects.add(new Ledger.Effect("e1", WORKER_A, 1, T));
        effects.add(new Ledger.Effect("e1", WORKER_A, 2, T + 16_000));

        FaultReport report = report(Set.of("e1"));

        assertThat(report.duplicates(Cause.STORE_FAULT)).as("200 ms before the fault began is within its window").isOne();
        assertThat(report.failures()).containsExactly("1 duplicate side effects caused by a store fault");
    }

    @Test
    void aKillLongAfterTheEffectDoesNotExplainTheRepeat() {
        injected.add(new Injected(Kind.KILL, "worker-1", WORKER_A, T + 5_000, T + 5_020, 137));
        effects.add(new Ledger.Effect("e1", WORKER_A, 1, T));
        effects.add(new Ledger.Effect("e1", WORKER_B, 1, T + 9_000));

        assertThat(report(Set.of("e1")).duplicates(Cause.UNEXPLAINED)).isOne();
    }

    @Test
    void aKillOfAnotherWorkerDoesNotExplainTheRepeat() {
        injected.add(new Injected(Kind.KILL, "worker-2", WORKER_B, T + 40, T + 60, 137));
        effects.add(new Ledger.Effect("e1", WORKER_A, 1, T));
        effects.add(new Ledger.Effect("e1", WORKER_B, 2, T + 6_000));

        assertThat(report(Set.of("e1")).duplicates(Cause.UNEXPLAINED)).isOne();
    }

    @Test
    void aRepeatAfterItsWorkerWasStoppedGracefullyIsAShutdownFailure() {
        injected.add(new Injected(Kind.SIGTERM, "worker-1", WORKER_A, T + 30, T + 900, 0));
        effects.add(new Ledger.Effect("e1", WORKER_A, 1, T));
        effects.add(new Ledger.Effect("e1", WORKER_B, 2, T + 6_000));

        FaultReport report = report(Set.of("e1"));

        assertThat(report.duplicates(Cause.SHUTDOWN)).isOne();
        assertThat(report.failures()).contains("1 duplicate side effects after a SIGTERM");
    }

    @Test
    void anEventWithoutSideEffectIsLostUnlessItIsInTheDlq() {
        effects.add(new Ledger.Effect("e1", WORKER_A, 1, T));
        DeadLetter letter = DeadLetter.of(Failure.of(FailureReason.DEDUPE_UNAVAILABLE, "Redis refused writes", "scholarship.won.v1"),
                "monolith", 5, Instant.now(), "m3", "q", "e3", "id:e3");
        deadLetters.add(FaultReport.DlqMessage.of("{\"id\":\"e3\"}", Map.of(DeadLetter.FAILURE_ATTRIBUTE,
                MessageAttributeValue.builder().dataType("String").stringValue(letter.toJson()).build())));
        deadLetters.add(FaultReport.DlqMessage.of("{\"id\":\"e4\"}", Map.of()));

        FaultReport report = report(Set.of("e1", "e2", "e3", "e4"));

        assertThat(report.lost()).containsExactly("e2");
        assertThat(report.deadLetters()).containsExactly(new FaultReport.DlqMessage("e3", "dedupe_unavailable"),
                new FaultReport.DlqMessage("e4", "max_receives (moved by the redrive policy)"));
        assertThat(report.failures()).contains("1 events lost", "2 messages dead-lettered");
    }

    @Test
    void aLeaseLostAfterTheHandlerReturnedThatInterruptsItIsAStrayInterruptAndAnUncleanSigtermFailsTheRun() {
        effects.add(new Ledger.Effect("e1", WORKER_A, 1, T));
        leaseLosses.add(new Ledger.LeaseLoss(T + 10, WORKER_A, "m1", -1, true));
        leaseLosses.add(new Ledger.LeaseLoss(T + 20, WORKER_A, "m2", 35, true));
        leaseLosses.add(new Ledger.LeaseLoss(T + 30, WORKER_A, "m3", 12, false));
        injected.add(new Injected(Kind.SIGTERM, "worker-1", WORKER_A, T + 100, T + 30_100, 143));

        FaultReport report = report(Set.of("e1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(report.strayInterrupts()).isOne();
        assertThat(report.failures()).contains("1 lease-lost warnings interrupting a finished handler (stray interrupts)",
                "SIGTERM exit codes [143], not all 0");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("lease-lost warnings +3: 1 while the handler ran, 2 after it had returned")
                .containsPattern("interrupting a finished handler \\(stray interrupts\\) +1, up to 35 ms after")
                .contains("SIGTERM [143 in 30.0 s]")
                .contains("FAIL: ");
    }

    private FaultReport report(Set<String> published) {
        FaultSuite.Options options = new FaultSuite.Options();
        options.events = published.size();
        long kills = injected.stream().filter(i -> i.kind() == Kind.KILL).count();
        long sigterms = injected.stream().filter(i -> i.kind() == Kind.SIGTERM).count();
        long stops = injected.stream().filter(i -> i.kind() == Kind.REDIS_STOP).count();
        FaultPlan plan = FaultPlan.spread(Duration.ofSeconds(600), (int) kills, (int) sigterms, Duration.ZERO,
                stops > 0 ? Duration.ofSeconds(15) : Duration.ZERO, Duration.ZERO);
        return new FaultReport(options, plan, published, 0, effects, deadLetters, List.of(), Map.of(), Map.of(), leaseLosses,
                injected, List.of(), List.of(), true, 0, 1_000, 60_000);
    }
}
