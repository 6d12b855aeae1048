package dev.eventbus.cli.audit;

import static dev.eventbus.cli.output.Output.column;

import dev.eventbus.cli.CommonOptions;
import dev.eventbus.cli.ExitCode;
import dev.eventbus.cli.Session;
import dev.eventbus.cli.read.DurationConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventbus audit}: the audit records, newest first. */
@Command(name = "audit", sortOptions = false,
        description = {"Lists audit records, newest first: every replay, forced re-execution, redrive, purge, export and revealed "
                + "payload, with who did it, when, on which queue, with which filter, the counts and the replay id.",
                "Records live in the Redis stream " + AuditLog.STREAM + " (and in each run's log)."})
public final class AuditCommand implements Callable<Integer> {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N records (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--action", paramLabel = "ACTION", split = ",",
            description = "Only these actions: replay, force, redrive, redrive_cancel, purge, export, reveal.")
    List<String> actions = List.of();

    @Option(names = "--queue", paramLabel = "NAME", description = "Only records about this queue: the DLQ acted on, or the destination.")
    String queue;

    @Option(names = "--by", paramLabel = "ACTOR", description = "Only records of this actor.")
    String actor;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class, description = "Only records newer than this (24h).")
    Duration since;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (Session session = common.session()) {
            Instant after = since == null ? Instant.MIN : Instant.now(session.clock()).minus(since);
            List<AuditRecord> records = session.audit().list(limit, r -> (actions.isEmpty() || actions.contains(r.action()))
                    && (queue == null || queue.equals(r.queue()) || queue.equals(r.destination()))
                    && (actor == null || actor.equals(r.actor()))
                    && r.at().isAfter(after));
            session.output().table("audit", null, List.of(column("at", "AT"), column("actor", "ACTOR"), column("action", "ACTION"),
                    column("queue", "QUEUE"), column("destination", "TO"), column("filter", "FILTER", 50), column("counts", "COUNTS"),
                    column("replay_id", "REPLAY ID"))).rows(records.stream().map(AuditRecord::fields).toList()).print();
            return ExitCode.OK;
        }
    }
}
