package dev.eventbus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The tool as a process: the runnable jar, and a progress bar on a terminal but none when piped. */
@ExtendWith(EmulatorExtension.class)
class ProcessIT {

    @Test
    void theRunnableJarRunsStatsAgainstTheEnvironmentsSqsAndRedis(ElasticMq elasticMq, Emulators env, @TempDir Path dir) throws Exception {
        DlqWorld world = new DlqWorld(SqsServer.ELASTICMQ, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(15, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");
        Path jar = Path.of("target", "eventbus-cli.jar");
        assertThat(jar).as("built by the shade plugin in package").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "dlq", "stats", world.queue.name(), "--output", "json"));
        Process p = new CliProcess(elasticMq.endpoint(), world.redis, ElasticMq.REGION).builder(command)
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out"));
        assertThat(p.exitValue()).as(out + Files.readString(dir.resolve("err"))).isEqualTo(ExitCode.FAILURES);
        assertThat(JsonMapper.builder().build().readTree(out.lines().findFirst().orElseThrow()).path("read").asInt()).isEqualTo(15);
    }

    @Test
    void statsDrawsAProgressBarOnATerminalAndNoneWhenPiped(ElasticMq elasticMq, Emulators env, @TempDir Path dir) throws Exception {
        DlqWorld world = new DlqWorld(SqsServer.ELASTICMQ, elasticMq, env, Duration.ofSeconds(30), 3);
        world.seed(300, "handler_error", "java.lang.IllegalStateException", "smtp relay refused", "aaaaaaaaaaaa");
        CliProcess cli = new CliProcess(elasticMq.endpoint(), world.redis, ElasticMq.REGION);

        File out = dir.resolve("piped.out").toFile();
        File err = dir.resolve("piped.err").toFile();
        Process piped = cli.start(out, err, "dlq", "stats", world.queue.name());
        assertThat(piped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(out.toPath())).contains("read 300 messages");
        assertThat(Files.readString(err.toPath())).doesNotContain("msg/s").doesNotContain("[#");

        // script(1) runs the tool on a pseudo-terminal and copies what it draws there to its own output
        String shell = String.join(" ", CliProcess.javaCommand("dlq", "stats", world.queue.name()).stream().map(ProcessIT::quote).toList());
        File tty = dir.resolve("tty.out").toFile();
        Process onTerminal = cli.builder(List.of("script", "-q", "-e", "-c", shell, "/dev/null")).redirectOutput(tty)
                .redirectErrorStream(true).start();
        assertThat(onTerminal.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String drawn = Files.readString(tty.toPath());
        assertThat(drawn).contains("reading " + world.dlqName() + " [", "/ ~300", "msg/s", "read 300 messages");
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
