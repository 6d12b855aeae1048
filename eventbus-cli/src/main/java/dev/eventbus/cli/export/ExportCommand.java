package dev.eventbus.cli.export;

import dev.eventbus.cli.CommonOptions;
import dev.eventbus.cli.ExitCode;
import dev.eventbus.cli.Session;
import dev.eventbus.cli.read.DeadMessage;
import dev.eventbus.cli.read.DlqRead;
import dev.eventbus.cli.read.DlqReader;
import dev.eventbus.cli.read.FilterOptions;
import dev.eventbus.cli.read.MessageFilter;
import dev.eventbus.cli.read.ReadOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventbus dlq export QUEUE FILE}. */
@Command(name = "export", sortOptions = false,
        description = {"Writes a DLQ's messages (all, or those the filters select) to FILE as NDJSON: one JSON object per message with "
                + "the body as received, every attribute, SQS's system attributes and the failure. For a ticket, or to keep before a "
                + "purge. The DLQ is not disturbed. Bodies hold payloads, so an export is audited.",
                "FILE '-' writes to standard output."})
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue (name, URL or ARN) whose DLQ to export, or the DLQ itself.")
    String queue;

    @Parameters(index = "1", paramLabel = "FILE", description = "Where to write (a new file; '-' for standard output).")
    String file;

    @Option(names = "--overwrite", description = "Replace FILE if it exists.")
    boolean overwrite;

    @Mixin
    FilterOptions filters;

    @Mixin
    ReadOptions read;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        MessageFilter filter = filters.filter();
        try (Session session = common.session()) {
            DlqRead dlq = DlqRead.open(session, queue, read);
            boolean toStdout = file.equals("-");
            long readCount;
            long written;
            try (NdjsonExport export = toStdout ? NdjsonExport.to(session.environment().out(), dlq.target().dlqName(), session.clock())
                    : NdjsonExport.toFile(Path.of(file), overwrite, dlq.target().dlqName(), session.clock());
                    DlqReader.Scan scan = dlq.scan("exporting")) {
                scan.run((batch, s) -> {
                    Instant now = Instant.now(session.clock());
                    for (DeadMessage m : dlq.letters().decode(batch)) {
                        if (filter.matches(m, now)) {
                            export.write(m);
                        }
                    }
                    return List.of();
                });
                readCount = scan.read();
                written = export.written();
            }
            session.audit().write(session.actor(), "export", dlq.target().dlqName(), toStdout ? "stdout" : file, filter.describe(),
                    Map.of("read", readCount, "exported", written), null, null);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("dlq", dlq.target().dlqName());
            summary.put("file", toStdout ? "-" : file);
            summary.put("read", readCount);
            summary.put("exported", written);
            if (toStdout) {
                session.err().println("exported " + written + " of " + readCount + " messages from " + dlq.target().dlqName());
            } else if (session.output().isJson()) {
                session.output().record("summary", summary);
            } else {
                session.output().say("exported " + written + " of " + readCount + " messages from " + dlq.target().dlqName() + " to " + file
                        + " (" + filter.describe() + "); the DLQ is unchanged");
            }
            return ExitCode.OK;
        }
    }
}
