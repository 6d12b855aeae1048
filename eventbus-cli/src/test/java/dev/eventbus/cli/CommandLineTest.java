package dev.eventbus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The command line itself: generated help for every command, usage errors, completion, exit statuses. */
class CommandLineTest {

    /** No server is needed: nothing here gets as far as calling SQS. */
    private final Cli cli = new Cli(URI.create("http://127.0.0.1:9"), null, "us-east-1");

    @ParameterizedTest
    @ValueSource(strings = {"", "dlq", "dlq stats", "dlq show", "dlq replay", "dlq redrive", "dlq redrive status", "dlq redrive cancel",
            "dlq export", "dlq purge", "audit"})
    void everyCommandHasGeneratedHelpNamingItsOptionsAndExitsZero(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: eventbus" + (command.isEmpty() ? "" : " " + command));
        if (command.startsWith("dlq ") || command.equals("audit")) {
            assertThat(r.out()).contains("--output", "--redis", "--endpoint-url", "--region", "--actor");
        }
    }

    @Test
    void theRootHelpDocumentsTheExitStatuses() {
        String help = cli.run("--help").out();
        assertThat(help).contains("Exit status:", "0  done", "1  failures found", "2  usage", "3  could not run");
    }

    @Test
    void replayHelpListsItsFiltersAndSafetyOptions() {
        String help = cli.run("dlq", "replay", "--help").out();
        for (String option : List.of("--reason", "--type", "--version", "--fingerprint", "--id", "--ids-from", "--older-than",
                "--newer-than", "--limit", "--rate", "--dry-run", "--canary", "--wait", "--to", "--force", "--max", "--receivers", "--hold")) {
            assertThat(help).contains(option);
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitStatusTwo() {
        Cli.Result r = cli.run("dlq", "stats", "orders", "--colour");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Unknown option: '--colour'", "eventbus dlq stats --help");
    }

    @Test
    void aMissingQueueIsAUsageError() {
        assertThat(cli.run("dlq", "replay").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("dlq", "show", "orders").exit()).as("show needs an event id, --fingerprint or --reason").isEqualTo(ExitCode.USAGE);
    }

    @Test
    void badValuesAreUsageErrorsNamingTheAcceptedForms() {
        Cli.Result rate = cli.run("dlq", "replay", "orders", "--rate", "fast");
        assertThat(rate.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(rate.err()).contains("50/s");
        Cli.Result age = cli.run("dlq", "replay", "orders", "--older-than", "yesterday");
        assertThat(age.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(age.err()).contains("90s, 15m, 2h");
        Cli.Result output = cli.run("dlq", "stats", "orders", "--output", "yaml");
        assertThat(output.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(output.err()).contains("TABLE", "JSON");
    }

    @Test
    void canaryAndForceWithoutRedisAreRefusedAsUsageBeforeTouchingSqs() {
        Cli.Result r = cli.run("dlq", "replay", "orders", "--canary", "2");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--redis", "EVENTBUS_REDIS_URL");
        assertThat(cli.run("dlq", "replay", "orders", "--force").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("dlq", "replay", "orders", "--canary", "2", "--dry-run").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void purgeWithoutATerminalNeedsYes() {
        Cli.Result r = cli.run("dlq", "purge", "orders");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--yes");
    }

    @Test
    void anUnreachableSqsEndpointIsAnErrorWithExitStatusThree() {
        Cli.Result r = cli.run("dlq", "stats", "orders");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).startsWith("error: ");
    }

    @Test
    void theCompletionScriptCompletesTheCommandsAndTheirOptions() {
        Cli.Result r = cli.run("generate-completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F _complete_eventbus", "stats", "replay", "redrive", "purge", "--dry-run", "--canary");
    }
}
