package dev.eventbus.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fault suite, short: 2,500 events over 25 s into 3 worker JVMs while it kills two of them (kill -9),
 * stops one (SIGTERM), and stops, freezes and write-locks their Redis for a few seconds each. Nothing may be
 * lost, no side effect may repeat because of a store fault, nothing may be dead-lettered, no finished handler
 * may be interrupted, and every SIGTERM must exit 0. Crashes inside the effect-marker window may repeat a
 * side effect; the report counts them. Needs redis-server on the PATH (./scripts/test installs it).
 */
class FaultSuiteIT {

    @Test
    void workersUnderCrashesAndRedisFaultsLoseNothingAndRepeatNoSideEffectBecauseOfTheStore() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        FaultSuite.Options options = FaultSuite.Options.parse(new String[] {
            "--events", "2500", "--rate", "100", "--workers", "3", "--kills", "2", "--sigterms", "1",
            "--redis-stop", "3", "--freeze", "2", "--refuse-writes", "3", "--drain-timeout", "180",
            "--logs", target.resolve("faults-it").toString()});
        options.classpath = target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*";

        FaultReport report = new FaultSuite(options).run();
        report.print(System.out);

        assertThat(report.published()).as("events published").isEqualTo(2500);
        assertThat(report.drained()).as("the queue drained").isTrue();
        assertThat(report.lost()).as("events lost").isEmpty();
        assertThat(report.duplicates(FaultReport.Cause.STORE_FAULT)).as("duplicate side effects caused by a store fault").isZero();
        assertThat(report.strayInterrupts()).as("lease-lost warnings for handlers that had returned").isZero();
        assertThat(report.deadLetters()).as("dead-lettered messages").isEmpty();
        assertThat(report.sigtermExitCodes()).as("exit status of every SIGTERM").hasSize(4).containsOnly(0);
    }
}
