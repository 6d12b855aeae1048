package dev.eventbus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine whose Docker engine answers but cannot start LocalStack (no image registry in reach): the
 * test environment falls back to moto_server and redis-server (and the outbox's PostgreSQL to a child
 * process), and its lines say so and why. The
 * choice runs in a JVM of its own, so DOCKER_HOST can point at {@link FakeDockerEngine}.
 */
class EmulatorsFallbackIT {

    @Test
    void aDockerEngineThatCannotPullImagesFallsBackToChildProcessesAndSaysWhy(@TempDir Path dir) throws Exception {
        try (FakeDockerEngine engine = FakeDockerEngine.start()) {
            Path output = dir.resolve("probe.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EmulatorsProbe.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> env = probe.environment();
            env.keySet().removeIf(name -> name.startsWith("EVENTBUS_TEST_") || name.startsWith("TESTCONTAINERS_") || name.startsWith("DOCKER_"));
            env.put("DOCKER_HOST", engine.dockerHost());

            Process process = probe.start();
            boolean exited = process.waitFor(150, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String log = Files.readString(output);

            assertThat(exited).as("the probe finished; its output:%n%s", log).isTrue();
            assertThat(process.exitValue()).as("the probe's exit status; its output:%n%s", log).isZero();
            assertThat(engine.requests()).as("the engine was asked to ping and to pull an image")
                    .anyMatch(r -> r.contains("/_ping"))
                    .anyMatch(r -> r.startsWith("POST ") && r.contains("/images/create"));
            String line = log.lines().filter(l -> l.startsWith("[test-env] ")).findFirst().orElse("(no [test-env] line)");
            assertThat(line)
                    .contains("SNS+SQS: moto_server child process at http://127.0.0.1:")
                    .contains("Redis: redis-server child process at 127.0.0.1:")
                    .contains("a Docker engine is configured at " + engine.dockerHost())
                    .contains("LocalStack could not start (")
                    .contains("Can't get Docker image: ")
                    .contains("so child processes instead");
            System.out.println("the probe's line: " + line);
            String postgres = log.lines().filter(l -> l.startsWith("[test-env] PostgreSQL: ")).findFirst().orElse("(no PostgreSQL line)");
            assertThat(postgres)
                    .contains("child process")
                    .contains("Docker at " + engine.dockerHost() + " answered, but the PostgreSQL container could not start (")
                    .contains("so it runs as a child process");
            assertThat(log).contains("PROBE OK");
        }
    }
}
