package dev.eventbus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** ElasticMQ in a JVM of its own ({@link EmqServer}), so what it costs or suffers stays apart from its clients. */
public final class ElasticMqProcess implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private ElasticMqProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the server with {@code javaCommand} (a {@link Processes#javaCommand} with any flags added) and
     * waits until it listens; its log goes to {@code log}.
     */
    public static ElasticMqProcess start(List<String> javaCommand, Path log) throws IOException {
        List<String> command = new ArrayList<>(javaCommand);
        command.add(EmqServer.class.getName());
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = Processes.firstLine(out, l -> l.startsWith("PORT "));
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("ElasticMQ did not start; see " + log);
        }
        return new ElasticMqProcess(process, URI.create("http://127.0.0.1:" + line.substring(5).trim()));
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server (it exits when its standard input closes). */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(10));
    }
}
