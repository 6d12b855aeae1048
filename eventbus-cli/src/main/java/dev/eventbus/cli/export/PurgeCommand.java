package dev.eventbus.cli.export;

import dev.eventbus.cli.CliException;
import dev.eventbus.cli.CommonOptions;
import dev.eventbus.cli.ExitCode;
import dev.eventbus.cli.Session;
import dev.eventbus.cli.read.DeadMessage;
import dev.eventbus.cli.read.DlqRead;
import dev.eventbus.cli.read.DlqReader;
import dev.eventbus.cli.read.FilterOptions;
import dev.eventbus.cli.read.MessageFilter;
import dev.eventbus.cli.read.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventbus dlq purge QUEUE}. */
@Command(name = "purge", sortOptions = false,
        description = {"Deletes DLQ messages for good: all, or those the filters select (e.g. --older-than 7d --reason malformed_json). "
                + "It first writes every message it will delete to an export file (NDJSON, as 'dlq export'), then asks for "
                + "confirmation (--yes skips the question; without a terminal --yes is required). Audited.",
                "Exit status 1 when some selected messages could not be deleted."})
public final class PurgeCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue (name, URL or ARN) whose DLQ to purge, or the DLQ itself.")
    String queue;

    @Mixin
    FilterOptions filters;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Where to write what is deleted (default: eventbus-purge-<dlq>-<UTC time>.ndjson in the current directory).")
    Path exportFile;

    @Option(names = {"-y", "--yes"}, description = "Delete without asking.")
    boolean yes;

    @Mixin
    ReadOptions read;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        MessageFilter filter = filters.filter();
        try (Session session = common.session()) {
            if (!yes && !session.environment().terminal()) {
                throw CliException.usage("purge deletes messages for good and there is no terminal to confirm on; add --yes");
            }
            DlqRead dlq = DlqRead.open(session, queue, read);
            Path file = exportFile != null ? exportFile
                    : Path.of("eventbus-purge-" + dlq.target().dlqName() + "-" + STAMP.format(Instant.now(session.clock())) + ".ndjson");
            List<String> selected = Collections.synchronizedList(new ArrayList<>());
            try (DlqReader.Scan scan = dlq.scan("selecting")) {
                long readCount;
                try (NdjsonExport export = NdjsonExport.toFile(file, false, dlq.target().dlqName(), session.clock())) {
                    scan.run((batch, s) -> {
                        Instant now = Instant.now(session.clock());
                        for (DeadMessage m : dlq.letters().decode(batch)) {
                            if (filter.matches(m, now)) {
                                export.write(m);
                                selected.add(m.messageId());
                            }
                        }
                        return List.of();
                    });
                    readCount = scan.read();
                }
                if (selected.isEmpty()) {
                    java.nio.file.Files.deleteIfExists(file);
                    session.output().say("nothing in " + dlq.target().dlqName() + " matches " + filter.describe() + "; nothing deleted");
                    return ExitCode.OK;
                }
                if (!yes && !confirmed(session, dlq, selected.size(), readCount, file, filter)) {
                    session.output().say("not confirmed; nothing deleted (the selection stays in " + file + ")");
                    return ExitCode.OK;
                }
                List<String> deleted = scan.deleteHeld(selected);
                Map<String, Long> counts = new LinkedHashMap<>();
                counts.put("read", readCount);
                counts.put("selected", (long) selected.size());
                counts.put("deleted", (long) deleted.size());
                var record = session.audit().write(session.actor(), "purge", dlq.target().dlqName(), null, filter.describe(), counts, null,
                        "exported to " + file.toAbsolutePath());
                Map<String, Object> summary = new LinkedHashMap<>(counts);
                summary.put("dlq", dlq.target().dlqName());
                summary.put("export", file.toString());
                summary.put("audit_id", record.id());
                if (session.output().isJson()) {
                    session.output().record("summary", summary);
                } else {
                    session.output().say("deleted " + deleted.size() + " of " + selected.size() + " selected messages from "
                            + dlq.target().dlqName() + "; they are kept in " + file);
                }
                return deleted.size() == selected.size() ? ExitCode.OK : ExitCode.FAILURES;
            }
        }
    }

    private boolean confirmed(Session session, DlqRead dlq, int count, long readCount, Path file, MessageFilter filter) throws IOException {
        var err = session.err();
        err.print("Delete " + count + " of the " + readCount + " messages read from " + dlq.target().dlqName() + " (" + filter.describe()
                + ")? They were written to " + file + ". Type 'yes' to delete: ");
        err.flush();
        String answer = session.environment().in().readLine();
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }
}
