package dev.eventbus.cli.replay;

import static dev.eventbus.cli.output.Output.column;

import dev.eventbus.cli.CliException;
import dev.eventbus.cli.CommonOptions;
import dev.eventbus.cli.ExitCode;
import dev.eventbus.cli.Session;
import dev.eventbus.cli.output.Output;
import dev.eventbus.cli.queue.QueueResolver;
import dev.eventbus.cli.read.DlqRead;
import dev.eventbus.cli.read.DurationConverter;
import dev.eventbus.cli.read.FilterOptions;
import dev.eventbus.cli.read.MessageFilter;
import dev.eventbus.cli.read.ReadOptions;
import dev.eventbus.envelope.EventIds;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventbus dlq replay QUEUE}: filtered, rate-limited, send-then-delete replay with dry run, canaries and force. */
@Command(name = "replay", sortOptions = false,
        description = {"Moves DLQ messages back to their queue (or --to another): each batch is sent first and deleted from the DLQ "
                + "only once SQS accepted it, so an interrupted replay (even kill -9) loses nothing, and a message copied twice by a "
                + "crash between send and delete carries the same event id, which the consumer acks as a duplicate. Run it again to "
                + "finish.",
                "Replayed messages keep their body and attributes, lose eventbus.failure and carry eventbus.replay_id.",
                "--dry-run lists what would be replayed and predicts, per event, whether the consumer will handle it or ack it as a "
                + "duplicate. --canary N replays N first and waits (--wait) until each is handled, acked as a duplicate or fails "
                + "again; it stops there if any failed, else replays the rest. --force re-executes events already done (clears "
                + "their done marker; audited).",
                "Exit status 0 when everything matching was replayed, 1 when some could not be (or a canary failed)."})
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue (name, URL or ARN) whose DLQ to replay, or the DLQ itself.")
    String queue;

    @Mixin
    FilterOptions filters;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Replay at most N messages (default: all matching).")
    long limit;

    @Option(names = "--rate", paramLabel = "N/s", converter = RateConverter.class,
            description = "At most N messages per second (50, 50/s, 600/m; default: as fast as SQS takes them).")
    Double rate;

    @Option(names = "--to", paramLabel = "QUEUE", description = "Send to this queue instead of the DLQ's source queue.")
    String to;

    @Option(names = "--dry-run", description = "Change nothing: list what would be replayed and what the consumer will do with each.")
    boolean dryRun;

    @Option(names = "--canary", paramLabel = "N", defaultValue = "0",
            description = "Replay N first and wait until each is handled, acked as a duplicate or failed again; stop if any failed.")
    int canary;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long canaries may take (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--force", description = "Re-execute events the consumer already handled: clears their done marker first (audited).")
    boolean force;

    @Mixin
    ReadOptions read;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        if (limit < 0 || canary < 0) {
            throw CliException.usage("--limit and --canary must not be negative");
        }
        if (canary > 0 && limit > 0 && canary > limit) {
            throw CliException.usage("--canary " + canary + " is more than --limit " + limit);
        }
        if (canary > 0 && dryRun) {
            throw CliException.usage("--canary replays messages; it cannot be combined with --dry-run");
        }
        MessageFilter filter = filters.filter();
        try (Session session = common.session()) {
            if ((canary > 0 || force) && !session.hasRedis()) {
                throw CliException.usage((canary > 0 ? "--canary" : "--force") + " reads the consumer's dedupe state in Redis: "
                        + "give --redis redis://HOST:PORT or set EVENTBUS_REDIS_URL");
            }
            DlqRead dlq = DlqRead.open(session, queue, read);
            String destination = destination(session, dlq);
            String replayId = new EventIds(session.clock()).next();
            Replayer replayer = new Replayer(session.sqs(), dlq, destination, filter, new RateLimiter(rate == null ? 0 : rate), force,
                    replayId, session.clock());
            Output out = session.output();
            String destinationName = QueueResolver.nameOf(destination);
            if (dryRun) {
                return dryRun(out, dlq, replayer, filter, destinationName);
            }
            Replayer.Result first = replayer.replay(canary > 0 ? canary : limit, canary > 0);
            Replayer.Result total = first;
            boolean canariesOk = true;
            List<Canary.Watched> watched = List.of();
            if (canary > 0 && first.replayed.get() > 0) {
                out.say("sent " + first.replayed.get() + " canaries to " + destinationName + "; waiting up to " + wait.toSeconds()
                        + " s for the consumer");
                watched = new Canary(dlq.letters().records(), force).await(first.sent, wait);
                canariesOk = watched.stream().allMatch(Canary.Watched::ok);
                out.table("canary", "Canaries", List.of(column("event_id", "EVENT ID"), column("event_type", "TYPE"),
                        column("outcome", "OUTCOME"), column("detail", "DETAIL", 80))).rows(watched.stream().map(Canary.Watched::fields).toList())
                        .print();
                if (canariesOk && first.replayed.get() >= canary) {
                    Replayer.Result rest = replayer.replay(limit == 0 ? 0 : limit - first.replayed.get(), false);
                    total = first.plus(rest);
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>(total.counts());
            if (canary > 0) {
                counts.put("canaries", (long) watched.size());
                counts.put("canaries_failed", watched.stream().filter(w -> !w.ok()).count());
            }
            String what = filter.describe() + (limit > 0 ? " --limit " + limit : "") + (rate != null ? " --rate " + rate : "")
                    + (canary > 0 ? " --canary " + canary : "") + (force ? " --force" : "");
            var record = session.audit().write(session.actor(), "replay", dlq.target().dlqName(), destinationName, what, counts, replayId,
                    canariesOk ? null : "stopped after canaries failed");
            if (force && total.forced.get() > 0) {
                session.audit().write(session.actor(), "force", dlq.target().dlqName(), destinationName, what,
                        Map.of("forced", total.forced.get()), replayId, "event ids: " + String.join(" ", total.forcedEventIds));
            }
            summary(out, session, dlq, destinationName, replayId, total, canariesOk, record.id());
            return total.failed() > 0 || !canariesOk ? ExitCode.FAILURES : ExitCode.OK;
        }
    }

    private int dryRun(Output out, DlqRead dlq, Replayer replayer, MessageFilter filter, String destinationName) {
        Replayer.Result r = replayer.predict(limit);
        out.table("prediction", "Would replay " + r.matched.get() + " of " + r.read.get() + " messages read from "
                + dlq.target().dlqName() + " to " + destinationName + " (" + filter.describe() + "); nothing was changed",
                List.of(column("event_id", "EVENT ID"), column("event_type", "TYPE"), column("event_version", "VERSION"),
                        column("reason", "REASON"), column("fingerprint", "FINGERPRINT"), column("prediction", "PREDICTION"),
                        column("detail", "DETAIL", 70)))
                .rows(r.predictions.stream().map(Prediction::fields).toList()).print();
        Map<Prediction.Outcome, Long> byOutcome = new EnumMap<>(Prediction.Outcome.class);
        r.predictions.forEach(p -> byOutcome.merge(p.outcome(), 1L, Long::sum));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dry_run", true);
        summary.put("dlq", dlq.target().dlqName());
        summary.put("destination", destinationName);
        summary.put("read", r.read.get());
        summary.put("matched", r.matched.get());
        for (Prediction.Outcome o : Prediction.Outcome.values()) {
            summary.put(o.name().toLowerCase(Locale.ROOT), byOutcome.getOrDefault(o, 0L));
        }
        if (out.isJson()) {
            out.record("summary", summary);
        } else {
            out.say("");
            out.say("dry run: " + r.matched.get() + " would be replayed: " + String.join(", ", byOutcome.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList()));
        }
        return ExitCode.OK;
    }

    private void summary(Output out, Session session, DlqRead dlq, String destinationName, String replayId, Replayer.Result r,
            boolean canariesOk, String auditId) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("replay_id", replayId);
        s.put("dlq", dlq.target().dlqName());
        s.put("destination", destinationName);
        s.put("read", r.read.get());
        r.counts().forEach(s::put);
        s.put("left_in_dlq", r.read.get() - r.replayed.get() + r.deleteFailed.get());
        s.put("seconds", Math.round(r.seconds * 1000) / 1000.0);
        s.put("rate", r.seconds > 0 ? Math.round(r.replayed.get() / r.seconds) : 0);
        s.put("canaries_ok", canariesOk);
        s.put("audit_id", auditId);
        if (out.isJson()) {
            out.record("summary", s);
        } else {
            out.say(String.format(Locale.ROOT, "replayed %d of %d matching messages from %s to %s in %.1f s (%d msg/s); replay id %s%s%s%s",
                    r.replayed.get(), r.matched.get(), dlq.target().dlqName(), destinationName, r.seconds, s.get("rate"), replayId,
                    r.failed() > 0 ? "; " + r.failed() + " could not be sent and stay in the DLQ" : "",
                    r.deleteFailed.get() > 0 ? "; " + r.deleteFailed.get() + " sent but not deleted (a second replay is acked as a duplicate)" : "",
                    canariesOk ? "" : "; stopped: a canary did not succeed"));
        }
        if (!r.sendErrors.isEmpty()) {
            session.err().println("send errors (first): " + r.sendErrors.getFirst());
        }
        if (r.returnedEarly > 0) {
            session.err().println("warning: " + r.returnedEarly + " messages came back before the read ended (--hold too short); "
                    + "run the replay again for what is left");
        }
    }

    private String destination(Session session, DlqRead dlq) {
        if (to != null) {
            return session.queues().url(to);
        }
        if (dlq.target().sourceUrl() == null) {
            throw CliException.usage(dlq.target().dlqName() + " is the DLQ of " + dlq.target().sourceUrls().size()
                    + " queues; say where to replay with --to QUEUE");
        }
        return dlq.target().sourceUrl();
    }
}
