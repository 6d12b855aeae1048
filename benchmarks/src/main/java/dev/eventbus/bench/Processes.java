package dev.eventbus.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starting and watching the child processes of a harness (the benchmark's and the fault suite's): the
 * java command for a child JVM, free loopback ports, executables on the PATH, and stopping a child.
 */
public final class Processes {

    private Processes() {}

    /** The java command for a child: this JVM's java, G1, its own heap limit, the given class path. */
    public static List<String> javaCommand(String classpath, String heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Xmx" + heap);
        command.add("-XX:+UseG1GC");
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    /**
     * The first line {@code in} gives that {@code wanted} accepts, or {@code null} at its end; skips what the
     * JVM itself prints before it (JFR's startup line, say).
     */
    public static String firstLine(BufferedReader in, Predicate<String> wanted) throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && !wanted.test(line));
        return line;
    }

    public static Optional<Path> onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** True when something accepts connections on the loopback port. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the loopback port accepts connections; fails if {@code process} exits or {@code within} passes. */
    public static void awaitListening(Process process, int port, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not start listening on 127.0.0.1:" + port);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Stops a child gracefully: closes its standard input (a child that waits on it ends then), sends
     * SIGTERM, and kills it if it has not exited after {@code patience}.
     */
    public static void stop(Process process, Duration patience) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            process.destroy();
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
