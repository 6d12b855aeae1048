package dev.eventbus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker as a process: a bad configuration stops it at start with status 2 and every problem named. */
class ConfigurationExitIT {

    private static Process worker(Map<String, String> env) throws Exception {
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), NotificationWorker.class.getName()).redirectErrorStream(true);
        b.environment().clear();
        b.environment().putAll(env);
        return b.start();
    }

    @Test
    void missingAndMalformedSettingsExitWithStatusTwoNamingEachOne() throws Exception {
        Process p = worker(Map.of("QUEUE_URL", "notifications", "SMTP_PORT", "twenty-five", "EMAIL_FROM", "nobody", "LOG_FORMAT", "text",
                "SMTP_PASSWORD", "hunter2", "SMTP_USERNAME", "mailer"));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("6 configuration problems", "QUEUE_URL: must be a URL", "AWS_REGION: is required",
                "REDIS_URL: is required", "EMAIL_FROM:", "SMTP_HOST: is required", "SMTP_PORT: must be a whole number")
                .doesNotContain("hunter2");
    }

    @Test
    void anEmptyEnvironmentExitsWithStatusTwo() throws Exception {
        Process p = worker(Map.of());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("QUEUE_URL", "AWS_REGION", "REDIS_URL", "EMAIL_FROM", "SMTP_HOST");
    }
}
