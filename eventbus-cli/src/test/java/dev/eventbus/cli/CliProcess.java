package dev.eventbus.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the tool as a child JVM, as on-call would run it, with the AWS and Redis settings in its
 * environment (the default credential chain reads the test credentials from there), so a test can
 * kill it or give it a terminal.
 */
final class CliProcess {

    private final URI sqs;
    private final URI redis;
    private final String region;

    CliProcess(URI sqs, URI redis, String region) {
        this.sqs = sqs;
        this.redis = redis;
        this.region = region;
    }

    /** The java command running the tool's main class on this test's class path. */
    static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL", sqs.toString());
        env.put("AWS_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("EVENTBUS_REDIS_URL", redis.toString());
        env.remove("AWS_ENDPOINT_URL_SQS");
        return pb;
    }

    Process start(File stdout, File stderr, String... args) throws IOException {
        return builder(javaCommand(args)).redirectOutput(stdout).redirectError(stderr).start();
    }
}
