package dev.eventbus.cli;

import dev.eventbus.cli.output.Output;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * The options every command takes: where SQS and Redis are, who is acting, and how to write results.
 * Each defaults to what {@link Main} found in the environment. Created by {@link Main}'s factory with
 * that environment, so nothing here reads environment variables itself.
 */
public final class CommonOptions {

    private final CliEnvironment env;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, else the SDK's region chain).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "SQS endpoint, e.g. ElasticMQ's http://127.0.0.1:9324 (default: AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL).")
    URI endpoint;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis with the worker's failure records, dedupe state and the audit stream, redis://[user:password@]host:port[/db] (default: EVENTBUS_REDIS_URL).")
    URI redis;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who is acting, for audit records (default: the OS user).")
    String actor;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people) or json (one object per line, for scripts and jq). Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal (none is drawn when output is piped).")
    boolean noProgress;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    public CommonOptions(CliEnvironment env) {
        this.env = env;
    }

    /** Opens a session with these options; the caller closes it. */
    public Session session() {
        return new Session(env, region != null ? region : env.region(), endpoint != null ? endpoint : env.endpoint(),
                redis != null ? redis : env.redis(), actor != null && !actor.isBlank() ? actor : env.user(), output,
                env.terminal() && !noProgress);
    }
}
