package dev.eventbus.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server child process on a free loopback port. {@link #stop()} and {@link #start()} take it down
 * and bring it back on the same port and with the same persistence settings, so a Redis with AOF comes
 * back with its data.
 */
public final class RedisProcess implements AutoCloseable {

    /** No snapshots, no AOF: what survives a restart is nothing. */
    public static final List<String> NO_PERSISTENCE = List.of("--save", "", "--appendonly", "no");

    private final List<String> command;
    private final int port;
    private final Path log;
    private volatile Process process;

    private RedisProcess(Path executable, int port, Path log, List<String> persistence) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--daemonize", "no"));
        command.addAll(persistence);
        this.command = List.copyOf(command);
        this.port = port;
        this.log = log;
    }

    /**
     * Starts redis-server with the given persistence arguments ({@link #NO_PERSISTENCE}, or AOF in a directory of
     * its own: {@code --dir D --appendonly yes ...}); its log is appended to {@code log}.
     */
    public static RedisProcess start(Path executable, Path log, List<String> persistence) throws IOException, InterruptedException {
        RedisProcess redis = new RedisProcess(executable, Processes.freePort(), log, persistence);
        redis.start();
        return redis;
    }

    /** Starts the server (again) and waits until it listens. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Processes.awaitListening(process, port, Duration.ofSeconds(20), "redis-server (see " + log + ")");
    }

    /** Stops the server with SIGTERM, which lets it write its AOF out, and waits until it exited. */
    public synchronized void stop() {
        Processes.stop(process, Duration.ofSeconds(20));
    }

    public int port() {
        return port;
    }

    /** The running server's process id. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop();
    }
}
