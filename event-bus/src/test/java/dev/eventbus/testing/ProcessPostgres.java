package dev.eventbus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster of this machine's binaries: {@code initdb} into a temporary directory,
 * then {@code postgres} as a child process on a free loopback port (durability off: the data is thrown
 * away). PostgreSQL refuses to run as root, so when the tests do, both run as the {@code postgres} user
 * Debian's package creates, through {@code setpriv}.
 */
final class ProcessPostgres {

    private static final String SERVICE_USER = "postgres";

    private ProcessPostgres() {}

    /** The directory holding initdb, postgres and pg_ctl: on the PATH, else the newest under /usr/lib/postgresql. */
    static Optional<Path> findBinaries() {
        Optional<Path> onPath = ChildProcess.onPath("initdb").map(ProcessPostgres::realPath).map(Path::getParent)
                .filter(dir -> Files.isExecutable(dir.resolve("postgres")));
        if (onPath.isPresent()) {
            return onPath;
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
                    .max(Comparator.comparingInt(ProcessPostgres::majorOf));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static PostgresServer start(Path bin) {
        boolean root = isRoot();
        try {
            Path dir = Files.createTempDirectory("eventbus-test-pg-");
            if (root) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
                Files.setOwner(dir, postgres);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path data = dir.resolve("data");
            Path initLog = Path.of("target", "test-servers", "initdb.log");
            Files.createDirectories(initLog.getParent());
            run(asServiceUser(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"), dir, initLog);
            int port = ChildProcess.freePort();
            ChildProcess process = new ChildProcess("postgres", asServiceUser(root, bin.resolve("postgres").toString(),
                    "-D", data.toString(), "-p", Integer.toString(port), "-k", dir.toString(),
                    "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200",
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"), port);
            process.start(Duration.ofSeconds(60));
            AutoCloseable stop = () -> {
                // pg_ctl's fast shutdown ends open sessions; the child's own SIGTERM would wait for them.
                run(asServiceUser(root, bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w"), dir,
                        process.log());
                process.stop();
                deleteRecursively(dir);
            };
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return new PostgresServer("127.0.0.1", port, "postgres", "postgres", "", "PostgreSQL " + (majorOf(bin) > 0 ? majorOf(bin) + " " : "")
                    + "child process (" + bin + (root ? ", as user postgres" : "") + ") at 127.0.0.1:" + port, stop);
        } catch (IOException e) {
            throw new UncheckedIOException("starting PostgreSQL from " + bin + " failed" + (root ? " (as user " + SERVICE_USER
                    + ": does it exist? Debian's postgresql package creates it)" : ""), e);
        }
    }

    private static List<String> asServiceUser(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command, Path dir, Path log) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed; see " + log.toAbsolutePath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath();
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int majorOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[test-env] could not delete " + dir + ": " + e);
        }
    }
}
