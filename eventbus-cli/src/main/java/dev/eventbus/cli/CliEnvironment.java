package dev.eventbus.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the tool takes from the process it runs in: the settings {@link Main} read from the environment
 * (nothing else reads environment variables), the streams, whether it runs on a terminal, and the clock.
 *
 * @param region {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}); {@code null} leaves it to the SDK's
 *     region chain (profile, instance metadata)
 * @param endpoint {@code AWS_ENDPOINT_URL_SQS} or {@code AWS_ENDPOINT_URL}; {@code null} for AWS itself
 * @param redis {@code EVENTBUS_REDIS_URL}, where failure records, dedupe state and the audit stream live
 * @param user the OS user, the default actor of audit records
 * @param terminal whether standard input and output are a terminal (progress bars, prompts)
 */
public record CliEnvironment(String region, URI endpoint, URI redis, String user, boolean terminal, BufferedReader in,
        PrintWriter out, PrintWriter err, Clock clock) {

    public CliEnvironment {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        user = user == null || user.isBlank() ? "unknown" : user;
    }

    /** The settings found in {@code env}, with {@code user} as the fallback OS user name. */
    public static CliEnvironment from(Map<String, String> env, String userName, boolean terminal, BufferedReader in,
            PrintWriter out, PrintWriter err, Clock clock) {
        String region = firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION");
        String endpoint = firstSet(env, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL");
        String redis = firstSet(env, "EVENTBUS_REDIS_URL");
        String user = firstSet(env, "USER", "USERNAME");
        return new CliEnvironment(region, endpoint == null ? null : URI.create(endpoint), redis == null ? null : URI.create(redis),
                user == null ? userName : user, terminal, in, out, err, clock);
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
