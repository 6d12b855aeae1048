package dev.eventbus.cli;

import dev.eventbus.worker.dedupe.DedupeUnavailableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Starts {@code eventbus}: reads the environment (the only place that does), builds the command tree and
 * exits with the command's status ({@link ExitCode}).
 */
public final class Main {

    private Main() {}

    /** The tool's logging: warnings and audit lines on stderr (named so it never shadows an application's logback.xml). */
    static final String LOGBACK_CONFIGURATION = "eventbus-cli-logback.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CliEnvironment env = CliEnvironment.from(System.getenv(), System.getProperty("user.name"), onTerminal(), in, out, err,
                Clock.systemUTC());
        int status = run(env, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command line in {@code env}; answers its exit status. */
    public static int run(CliEnvironment env, String... args) {
        return commandLine(env).execute(args);
    }

    /** The command tree, its options defaulting to {@code env}, its errors mapped to {@link ExitCode}s. */
    public static CommandLine commandLine(CliEnvironment env) {
        CommandLine cli = new CommandLine(new EventbusCommand(), new Factory(env));
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + describe(e));
            commandLine.getErr().flush();
            return e instanceof CliException cli2 ? cli2.exitCode() : ExitCode.ERROR;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more.");
            failed.getErr().flush();
            return ExitCode.USAGE;
        });
        return cli;
    }

    private static String describe(Exception e) {
        return switch (e) {
            case CliException cli -> cli.getMessage();
            case DedupeUnavailableException redis -> "Redis did not answer (" + redis.getMessage() + "); check --redis/EVENTBUS_REDIS_URL";
            case SdkException sdk -> "SQS: " + sdk.getMessage();
            default -> e.toString();
        };
    }

    /**
     * Whether input and output are a terminal: JDK 22+ say so with {@code Console.isTerminal()} (their
     * {@code System.console()} exists even when redirected); on 21, a console exists only on a terminal.
     */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Creates commands and mixins; hands the environment to those that take it ({@link CommonOptions}). */
    private record Factory(CliEnvironment env) implements IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> withEnv = type.getDeclaredConstructor(CliEnvironment.class);
                return withEnv.newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
