package dev.eventbus.cli;

import dev.eventbus.cli.audit.AuditCommand;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eventbus}: the root of the command tree. Run alone, it prints its usage. */
@Command(name = "eventbus", mixinStandardHelpOptions = true, versionProvider = EventbusCommand.Version.class,
        subcommands = {DlqCommand.class, AuditCommand.class, AutoComplete.GenerateCompletion.class},
        description = {"On-call tool for eventbus workers on SQS: see what is in a DLQ and why, grouped by cause, and replay it safely.",
                "AWS settings come from the default credential chain, AWS_REGION and AWS_ENDPOINT_URL (or --region, --endpoint-url); "
                + "Redis, where workers keep failure records and dedupe state, from EVENTBUS_REDIS_URL (or --redis)."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  done; nothing needs attention (an empty DLQ, a replay that moved everything asked)",
                "  1  failures found: the DLQ holds messages, some messages could not be moved, a canary failed",
                "  2  usage: wrong options or arguments, or a confirmation needed without a terminal",
                "  3  could not run: SQS or Redis unreachable, an unknown queue, a redrive SQS cannot do",
                "",
                "Shell completion (bash, zsh): source <(eventbus generate-completion)"})
public final class EventbusCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: dlq or audit (eventbus --help lists them)");
    }

    /** The version from the jar's manifest (the Maven project version). */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EventbusCommand.class.getPackage().getImplementationVersion();
            return new String[] {"eventbus " + (version == null ? "(development build)" : version)};
        }
    }
}
