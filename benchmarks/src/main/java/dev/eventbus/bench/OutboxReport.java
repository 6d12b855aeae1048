package dev.eventbus.bench;

import java.util.List;
import java.util.Locale;

/** The report's outbox section (issue 18): relay throughput against publishAll, commit-to-queue latency, and their goals. */
final class OutboxReport {

    /** Relay events/s from the backlog, as a share of publishAll's in the same run. */
    static final double THROUGHPUT_GOAL = 0.7;
    /** Commit-to-queue p99 with NOTIFY, at half the relay's rate. */
    static final double P99_GOAL_MS = 250;

    private OutboxReport() {}

    static String section(List<Bench.Run> runs, Bench.Options o) {
        List<Bench.Run> relay = select(runs, "outbox", "relay");
        List<Bench.Run> publish = select(runs, "outbox", "publish-batch");
        List<Bench.Run> latency = select(runs, "outbox-latency", "relay");
        double relayRate = Bench.median(relay.stream().map(Bench.Run::rate).toList());
        double publishRate = Bench.median(publish.stream().map(Bench.Run::rate).toList());
        StringBuilder md = new StringBuilder();
        md.append("## Outbox relay: a backlog of ").append(fmt(o.outboxMessages)).append(" rows, ").append(o.reps)
                .append(" repetitions after ").append(o.warmupReps).append(" untimed\n\n");
        md.append("PostgreSQL embedded (zonky's binaries, a child process of the orchestrator, fsync and synchronous_commit on). "
                + "The relay contender's JVM runs `OutboxRelay` with `RelayConfig.defaults()` (claims of 200 rows, 2 at once, 8 "
                + "requests of 10 in flight each) from a full table of scholarship.won rows the orchestrator added just before "
                + "(transactions of 500); the clock stops when it has marked every row sent. publishAll is the publish contender "
                + "(" + o.publishThreads + " sender threads, batches of 10) sending as many events to a fresh queue, its "
                + "repetitions alternating with the relay's.\n\n");
        md.append("| contender | events/s median (min-max) | CPU-s / 10k events, its JVM | ElasticMQ CPU-s / 10k | outbox.add events/s (fill) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        row(md, "outbox relay, from the backlog", relay, true);
        row(md, "publishAll (batches of 10, " + o.publishThreads + " threads)", publish, false);
        md.append('\n');
        Bench.Run l = latency.isEmpty() ? null : latency.get(0);
        if (l != null) {
            md.append("Commit-to-queue latency: transactions of ").append(OutboxBench.RATE_TRANSACTION)
                    .append(" events committed from 8 threads at ").append(fmt(l.get("targetRate")))
                    .append(o.outboxLatencyRate > 0 ? " events/s (set with --outbox-latency-rate) for about " : " events/s (half the relay's median above) for about ").append(o.latencySeconds)
                    .append(" s, with the relay listening (NOTIFY); latency is from just after a commit returned to the "
                            + "message's receipt by the orchestrator's 8 long polls, over ").append(fmt(l.get("messages")))
                    .append(" events: p50 ").append(f2(l.get("p50Ms"))).append(" ms, p99 ").append(f2(l.get("p99Ms")))
                    .append(" ms, max ").append(f2(l.get("maxMs"))).append(" ms.\n\n");
        }
        md.append("| goal (issue 18) | measured | result |\n|---|---:|---|\n");
        if (relayRate > 0 && publishRate > 0) {
            double ratio = relayRate / publishRate;
            md.append("| relay events/s from a backlog >= ").append(THROUGHPUT_GOAL).append(" x publishAll | ").append(f2(ratio))
                    .append("x | ").append(ratio >= THROUGHPUT_GOAL ? "PASS" : "**FAIL** (not met in this run)").append(" |\n");
        }
        if (l != null) {
            double p99 = l.get("p99Ms");
            md.append("| commit-to-queue p99 < ").append(fmt(P99_GOAL_MS)).append(o.outboxLatencyRate > 0
                            ? " ms at " + fmt(o.outboxLatencyRate) + " events/s (--outbox-latency-rate), with NOTIFY | "
                            : " ms at half the relay's rate, with NOTIFY | ")
                    .append(f2(p99)).append(" ms | ").append(p99 < P99_GOAL_MS ? "PASS" : "**FAIL** (not met in this run)").append(" |\n");
        }
        md.append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, String label, List<Bench.Run> runs, boolean fill) {
        if (runs.isEmpty()) {
            return;
        }
        List<Double> rates = runs.stream().map(Bench.Run::rate).sorted().toList();
        md.append("| ").append(label).append(" | ").append(fmt(Bench.median(rates))).append(" (").append(fmt(rates.getFirst()))
                .append("-").append(fmt(rates.getLast())).append(") | ")
                .append(f2(Bench.median(runs.stream().map(Bench.Run::cpuPer10k).toList()))).append(" | ")
                .append(f2(Bench.median(runs.stream().map(Bench.Run::emqCpuPer10k).toList()))).append(" | ")
                .append(fill ? fmt(Bench.median(runs.stream().map(r -> r.get("fillRate")).toList())) : "-").append(" |\n");
    }

    private static List<Bench.Run> select(List<Bench.Run> runs, String phase, String contender) {
        return runs.stream().filter(r -> r.phase().equals(phase) && r.contender().equals(contender)).toList();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
