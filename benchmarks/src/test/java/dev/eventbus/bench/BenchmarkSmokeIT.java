package dev.eventbus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole benchmark harness with a few hundred messages and one repetition: every phase, every
 * contender, the report and the CSV. Asserts nothing about speed, only that each figure was measured.
 * Needs redis-server on the PATH (./scripts/test installs it) and fails, not skips, without it.
 */
class BenchmarkSmokeIT {

    @Test
    void runsEveryContenderAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Bench.Options options = Bench.Options.parse(new String[] {
            "--messages", "300", "--warmup", "100", "--reps", "1", "--warmup-reps", "1", "--publish-messages", "300",
            "--scaling-messages", "300", "--latency-seconds", "1", "--scaling", "1,2", "--outbox-messages", "300",
            "--dlq-messages", "300", "--dlq-stats-messages", "300",
            "--out", dir.resolve("benchmarks.md").toString(), "--logs", target.resolve("bench-logs-it").toString()});
        options.classpath = target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*";

        Path report = new Bench(options).run();

        String md = Files.readString(report);
        assertThat(md).contains("## How it was run", "## Consume", "## Publish", "## End-to-end latency", "## Scaling",
                "## Memory", "## Goals", "## DLQ tool", "## Every run", "SQS requests each contender made per 1,000 messages",
                "## Outbox relay", "outbox relay, from the backlog", "Commit-to-queue latency",
                "## Notification worker end to end", "SMTP connections / 1,000 emails");
        for (String contender : Contenders.CONSUME) {
            assertThat(md).contains(Contenders.describe(contender));
        }
        for (String contender : Bench.PUBLISH) {
            assertThat(md).contains(Contenders.describe(contender));
        }
        // five goals in the goals table, the outbox phase's two, the notification phase's SMTP connections goal
        // and the DLQ tool's two (replay rate, stats time)
        assertThat(md.lines().filter(l -> l.endsWith("| PASS |") || l.contains("**FAIL**"))).hasSize(10);

        List<String> rows = Files.readAllLines(Report.csvPath(report));
        assertThat(rows.getFirst()).startsWith("phase,contender,rep");
        List<String[]> runs = rows.stream().skip(1).map(r -> r.split(",", -1)).toList();
        // + 2 scaling runs, + the outbox phase's relay and publishAll runs and its latency run, + the notification run,
        // + the DLQ tool's runs
        assertThat(runs).hasSize(Contenders.CONSUME.size() + Bench.PUBLISH.size() + Bench.LATENCY.size() + 2 + 3 + 1
                + DlqPhase.CONTENDERS.size());
        assertThat(runs).as("the untimed repetition is not reported").noneMatch(r -> r[2].equals("0"));
        for (String[] run : runs) {
            String what = String.join(",", run);
            assertThat(Double.parseDouble(run[6])).as("msg/s of %s", what).isPositive();
            assertThat(Double.parseDouble(run[7])).as("CPU-s of %s", what).isPositive();
            assertThat(Long.parseLong(run[11])).as("heap of %s", what).isPositive();
            assertThat(Long.parseLong(run[12])).as("RSS of %s", what).isPositive();
            if (run[0].equals("consume") || run[0].equals("scaling")) {
                assertThat(Long.parseLong(run[4])).as("messages of %s", what).isGreaterThanOrEqualTo(300);
            }
            assertThat(Double.parseDouble(run[14])).as("JIT compiler CPU-s of %s", what)
                    .isBetween(0.0, Double.parseDouble(run[7]));
            if (run[0].equals("latency") || run[0].equals("outbox-latency")) {
                assertThat(Double.parseDouble(run[16])).as("p99 of %s", what).isPositive();
            }
        }
        assertThat(runs.stream().mapToDouble(r -> Double.parseDouble(r[14])).sum())
                .as("JIT compiler CPU over runs this short, right after start-up").isPositive();
    }

    @Test
    void trainsAnAotCachePerContenderJvmAndStartsItFromThere(@TempDir Path dir) throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path aot = dir.resolve("aot");
        Bench.Options options = Bench.Options.parse(new String[] {
            "--messages", "300", "--warmup", "100", "--reps", "1", "--warmup-reps", "0", "--contenders", "raw",
            "--phases", "consume", "--aot", aot.toString(),
            "--out", dir.resolve("benchmarks.md").toString(), "--logs", target.resolve("bench-logs-it").toString()});
        // An AOT cache needs a class path of jars only: the packaged module, as ./scripts/bench runs it.
        try (var jars = Files.list(target)) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("benchmarks-.*\\.jar")).findFirst().orElseThrow();
            options.classpath = Bench.Options.expandWildcards(jar + File.pathSeparator + target.resolve("lib") + File.separator + "*");
        }

        Path report = new Bench(options).run(); // the measured JVM runs with -XX:AOTMode=on: it fails without its cache

        Path cache = aot.resolve("consume-raw.aot");
        assertThat(cache).as("the trained cache").isRegularFile();
        assertThat(Files.size(cache)).isGreaterThan(1_000_000);
        String md = Files.readString(report);
        assertThat(md).contains("-XX:AOTCache=<its own>.aot", "starts from an AOT cache of its own");
        assertThat(md).as("a subset run leaves out what it did not measure")
                .contains("| batched publish >= 0.9 x raw batch send | - | not measured in this run |")
                .contains("| phases | consume only")
                .doesNotContain(Contenders.describe("worker-redis"), "## Publish", "## Scaling", "NaN", "**FAIL**");
        List<String> rows = Files.readAllLines(Report.csvPath(report));
        assertThat(rows).hasSize(2);
    }
}
