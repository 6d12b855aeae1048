package dev.eventbus.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** redis-server as a child process on a free loopback port, without persistence. */
final class ProcessRedis implements TestRedis {

    private final ChildProcess process;

    private ProcessRedis(Path executable, int port) {
        this.process = new ChildProcess("redis-server", List.of(
                executable.toString(),
                "--bind", "127.0.0.1",
                "--port", Integer.toString(port),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no"), port);
    }

    static ProcessRedis start(Path executable) {
        ProcessRedis redis = new ProcessRedis(executable, ChildProcess.freePort());
        redis.start();
        return redis;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return process.port();
    }

    @Override
    public String description() {
        return "redis-server child process at 127.0.0.1:" + port();
    }

    @Override
    public void stop() {
        process.stop();
    }

    @Override
    public void start() {
        process.start(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        process.close();
    }
}
