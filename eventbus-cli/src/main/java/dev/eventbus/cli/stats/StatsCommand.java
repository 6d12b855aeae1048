package dev.eventbus.cli.stats;

import static dev.eventbus.cli.output.Output.column;

import dev.eventbus.cli.CommonOptions;
import dev.eventbus.cli.ExitCode;
import dev.eventbus.cli.Session;
import dev.eventbus.cli.output.Output;
import dev.eventbus.cli.read.DeadMessage;
import dev.eventbus.cli.read.DlqRead;
import dev.eventbus.cli.read.DlqReader;
import dev.eventbus.cli.read.ReadOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventbus dlq stats QUEUE}: counts by reason, by event type and version, and by fingerprint. */
@Command(name = "stats", sortOptions = false,
        description = {"Counts what is in a DLQ by failure reason, by event type and version, and by fingerprint (with the error "
                + "class and message), with the oldest and newest failure and a sample event id per group, beside the DLQ's "
                + "approximate depth.",
                "The DLQ is not disturbed: every message read is hidden only while the read runs and released at once when it "
                + "ends, never deleted. Reasons come from the dead letters' eventbus.failure attribute, else from the worker's "
                + "failure records in Redis (messages the redrive policy moved), else they count as max_receives; the FROM column "
                + "says which.",
                "Exit status 0 when the DLQ is empty, 1 when it holds messages."})
public final class StatsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue (name, URL or ARN) whose DLQ to read, or the DLQ itself.")
    String queue;

    @Mixin
    ReadOptions read;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (Session session = common.session()) {
            DlqRead dlq = DlqRead.open(session, queue, read);
            DlqRead.Depth before = dlq.depth();
            Grouping byReason = new Grouping("reason", m -> key("reason", m.reason()));
            Grouping byType = new Grouping("type", m -> key("event_type", m.eventType(), "event_version", m.eventVersion()));
            Grouping byFingerprint = new Grouping("fingerprint", m -> key("fingerprint", m.fingerprint(), "reason", m.reason(),
                    "error_class", m.failure() == null ? null : m.failure().errorClass(),
                    "error_message", m.failure() == null ? null : m.failure().errorMessage()));
            long started = System.nanoTime();
            long read;
            long returnedEarly;
            try (DlqReader.Scan scan = dlq.scan("reading")) {
                scan.run((batch, s) -> {
                    for (DeadMessage m : dlq.letters().decode(batch)) {
                        byReason.add(m);
                        byType.add(m);
                        byFingerprint.add(m);
                    }
                    return List.of();
                });
                read = scan.read();
                returnedEarly = scan.returnedEarly();
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            Output out = session.output();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("dlq", dlq.target().dlqName());
            summary.put("source_queue", dlq.target().sourceName());
            summary.put("read", read);
            summary.put("approximate_depth", before.visible());
            summary.put("in_flight", before.inFlight());
            summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
            summary.put("redis", session.hasRedis());
            if (out.isJson()) {
                out.record("summary", summary);
            } else {
                out.say("DLQ " + dlq.target().describe() + ": read " + read + " messages in " + String.format(java.util.Locale.ROOT, "%.1f", seconds)
                        + " s; approximate depth " + before.visible() + (before.inFlight() > 0 ? " (+" + before.inFlight()
                        + " in flight, not read)" : "") + (session.hasRedis() ? "" : "; no --redis: reasons from attributes only"));
                out.say("");
            }
            if (returnedEarly > 0) {
                session.err().println("warning: " + returnedEarly + " messages came back before the read ended (their --hold ran out);"
                        + " counts may miss some messages. Read again with a longer --hold.");
            }
            out.table("group", "By reason", List.of(column("reason", "REASON"), column("count", "COUNT"), column("from", "FROM"),
                    column("oldest", "OLDEST"), column("newest", "NEWEST"), column("sample_event_id", "SAMPLE EVENT ID")))
                    .rows(byReason.rows()).print();
            out.say("");
            out.table("group", "By event type and version", List.of(column("event_type", "EVENT TYPE"), column("event_version", "VERSION"),
                    column("count", "COUNT"), column("oldest", "OLDEST"), column("newest", "NEWEST"),
                    column("sample_event_id", "SAMPLE EVENT ID"))).rows(byType.rows()).print();
            out.say("");
            out.table("group", "By fingerprint", List.of(column("fingerprint", "FINGERPRINT"), column("count", "COUNT"),
                    column("reason", "REASON"), column("error_class", "ERROR CLASS"), column("error_message", "MESSAGE", 60),
                    column("from", "FROM"), column("sample_event_id", "SAMPLE EVENT ID")))
                    .rows(byFingerprint.rows()).print();
            return read == 0 ? ExitCode.OK : ExitCode.FAILURES;
        }
    }

    private static Map<String, Object> key(Object... kv) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            key.put((String) kv[i], kv[i + 1]);
        }
        return key;
    }
}
