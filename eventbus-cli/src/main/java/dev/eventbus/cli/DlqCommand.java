package dev.eventbus.cli;

import dev.eventbus.cli.export.ExportCommand;
import dev.eventbus.cli.export.PurgeCommand;
import dev.eventbus.cli.redrive.RedriveCommand;
import dev.eventbus.cli.replay.ReplayCommand;
import dev.eventbus.cli.show.ShowCommand;
import dev.eventbus.cli.stats.StatsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eventbus dlq}: the commands that read and move a DLQ's messages. */
@Command(name = "dlq", subcommands = {StatsCommand.class, ShowCommand.class, ReplayCommand.class, RedriveCommand.class,
        ExportCommand.class, PurgeCommand.class},
        description = {"Inspect and replay a dead-letter queue. QUEUE is the consumer's queue (its DLQ is found from its redrive "
                + "policy) or the DLQ itself, by name, URL or ARN.",
                "From an alarm to a replay: eventbus dlq stats QUEUE; eventbus dlq show QUEUE EVENT_ID; "
                + "eventbus dlq replay QUEUE --reason REASON --dry-run, then without --dry-run."})
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a dlq command: stats, show, replay, redrive, export or purge");
    }
}
