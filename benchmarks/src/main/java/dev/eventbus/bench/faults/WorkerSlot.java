package dev.eventbus.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One of the suite's worker places, as an orchestrator (ECS, Kubernetes) keeps one: a {@link FaultWorker}
 * JVM at a time, started again after it was killed or stopped. Each JVM logs to a file of its own,
 * {@code worker-<slot>-<n>.log}. A worker that exits without having been taken down is reported.
 */
final class WorkerSlot {

    /** A JVM start takes 2 s on a quiet machine; under a load of 30 on two cores it took over 90 s. */
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final int number;
    private final List<String> command;
    private final Path logs;
    private final Consumer<String> unexpectedExit;
    private volatile Process process;
    private volatile boolean ready;
    private int starts;

    WorkerSlot(int number, List<String> command, Path logs, Consumer<String> unexpectedExit) {
        this.number = number;
        this.command = List.copyOf(command);
        this.logs = logs;
        this.unexpectedExit = unexpectedExit;
    }

    /** Starts a worker JVM here and waits until it polls. */
    synchronized Process start() throws IOException, InterruptedException {
        Path log = logs.resolve("worker-" + number + "-" + (++starts) + ".log");
        Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process = started;
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!Files.readString(log).contains("READY\n")) {
            if (!started.isAlive()) {
                throw new IllegalStateException(name() + " exited with " + started.exitValue() + " while starting; see " + log);
            }
            if (System.nanoTime() > deadline) {
                started.destroyForcibly();
                throw new IllegalStateException(name() + " did not start polling within " + STARTUP.toSeconds() + " s; see " + log);
            }
            Thread.sleep(50);
        }
        ready = true;
        started.onExit().thenAccept(p -> {
            if (ready && process == p) {
                ready = false;
                unexpectedExit.accept(name() + " (pid " + p.pid() + ") exited by itself with status " + p.exitValue() + "; see " + log);
            }
        });
        return started;
    }

    /** The running worker, if it is up and polling; null while it is down or starting. */
    Process ready() {
        return ready ? process : null;
    }

    /** Marks the worker as going down (a fault is about to hit it); returns it. */
    synchronized Process takeDown() {
        ready = false;
        return process;
    }

    String name() {
        return "worker-" + number;
    }
}
