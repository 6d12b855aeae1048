package dev.eventbus.notification.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eventbus.notification.email.SmtpSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationSettingsTest {

    private static final Set<String> CONSUMED = Set.of("order.completed", "user.registered", "subscription.changed");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("QUEUE_URL", "http://127.0.0.1:9324/000000000000/notifications");
        env.put("AWS_REGION", "eu-west-1");
        env.put("REDIS_URL", "redis://127.0.0.1:6379");
        env.put("EMAIL_FROM", "orders@shop.example");
        env.put("SMTP_HOST", "smtp.shop.example");
        return env;
    }

    private static List<String> problems(Map<String, String> env) {
        return catchThrowableOfType(InvalidSettingsException.class, () -> NotificationSettings.fromEnvironment(env, CONSUMED)).problems();
    }

    @Test
    void aValidEnvironmentGivesSettingsWithTheNamedDefaults() {
        NotificationSettings s = NotificationSettings.fromEnvironment(valid(), CONSUMED);
        assertThat(s.consumer()).isEqualTo("notifications");
        assertThat(s.email().smtp().security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(s.email().smtp().port()).isEqualTo(587);
        assertThat(s.email().smtp().connections()).isEqualTo(SmtpSettings.DEFAULT_CONNECTIONS);
        assertThat(s.email().outageHold()).isEqualTo(NotificationSettings.DEFAULT_OUTAGE_HOLD);
        assertThat(s.adminPort()).isEqualTo(9090);
        assertThat(s.logFormat()).isEqualTo(NotificationSettings.LogFormat.JSON);
        assertThat(s.webhooks().endpoints()).isEmpty();
        assertThat(s.feed().maxEntries()).isEqualTo(100);
    }

    @Test
    void anEmptyEnvironmentNamesEveryRequiredSetting() {
        assertThat(problems(Map.of())).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).startsWith("QUEUE_URL: is required"),
                p -> assertThat(p).startsWith("AWS_REGION: is required"),
                p -> assertThat(p).startsWith("REDIS_URL: is required"),
                p -> assertThat(p).startsWith("EMAIL_FROM: is required"),
                p -> assertThat(p).startsWith("SMTP_HOST: is required"));
    }

    @Test
    void everyMalformedValueIsNamedInOneGo() {
        Map<String, String> env = valid();
        env.put("QUEUE_URL", "notifications");
        env.put("REDIS_URL", "http://user:hunter2@redis:6379");
        env.put("EMAIL_FROM", "not an address");
        env.put("SMTP_PORT", "five-eight-seven");
        env.put("SMTP_SECURITY", "ssl3");
        env.put("SMTP_PASWORD", "typo");
        env.put("LOG_FORMAT", "xml");
        env.put("ADMIN_PORT", "70000");
        env.put("WEBHOOK_ENDPOINTS_FILE", dir.resolve("missing.json").toString());
        List<String> problems = problems(env);
        assertThat(problems).hasSize(9);
        assertThat(String.join("\n", problems))
                .contains("QUEUE_URL:", "REDIS_URL:", "EMAIL_FROM:", "SMTP_PORT:", "SMTP_SECURITY:", "SMTP_PASWORD: is not a setting",
                        "LOG_FORMAT:", "ADMIN_PORT:", "WEBHOOK_ENDPOINTS_FILE")
                .doesNotContain("hunter2");
    }

    @Test
    void secretsComeFromFilesAndAreNeverEchoed() throws IOException {
        Path password = Files.writeString(dir.resolve("smtp-password"), "s3cret-from-file\n");
        Map<String, String> env = valid();
        env.put("SMTP_USERNAME", "mailer");
        env.put("SMTP_PASSWORD_FILE", password.toString());
        env.put("REDIS_PASSWORD_FILE", Files.writeString(dir.resolve("redis-password"), "r3dis").toString());
        NotificationSettings s = NotificationSettings.fromEnvironment(env, CONSUMED);
        assertThat(s.email().smtp().password()).isEqualTo("s3cret-from-file");
        assertThat(s.redisUri().getUserInfo()).isEqualTo(":r3dis");
        assertThat(s.email().smtp().toString()).doesNotContain("s3cret");

        env.put("SMTP_PASSWORD", "s3cret-direct");
        env.put("REDIS_PASSWORD_FILE", dir.resolve("nope").toString());
        List<String> problems = problems(env);
        assertThat(problems).hasSize(2);
        assertThat(String.join("\n", problems)).contains("SMTP_PASSWORD: is set both", "REDIS_PASSWORD_FILE: cannot read")
                .doesNotContain("s3cret");
    }

    @Test
    void endpointProblemsNameTheEndpointAndTheField() throws IOException {
        Path file = Files.writeString(dir.resolve("endpoints.json"), """
                {"endpoints": [
                  {"id": "acme", "url": "https://hooks.acme.example/in", "events": ["order.completed"], "secret": "%s"},
                  {"id": "acme", "url": "http://plain.example/in", "events": ["invoice.paid"], "secret": "whsec_tooshort"},
                  {"id": "meta", "url": "https://169.254.169.254/latest", "events": ["order.completed"], "secrets": ["%s"], "enabeld": true},
                  {"id": "nosecret", "url": "https://ok.example/in", "events": ["user.registered"]}
                ]}""".formatted(SECRET, SECRET));
        Map<String, String> env = valid();
        env.put("WEBHOOK_ENDPOINTS_FILE", file.toString());
        String problems = String.join("\n", problems(env));
        assertThat(problems).contains(
                "endpoints[1] (acme): id acme is used twice",
                "endpoints[1] (acme): url http://plain.example/in is refused: http is not allowed",
                "endpoints[1] (acme): event invoice.paid is not one the notification worker consumes",
                "endpoints[1] (acme): secret 1:",
                "endpoints[2] (meta): unknown field enabeld",
                "endpoints[3] (nosecret): a signing secret is required")
                .doesNotContain("endpoints[0]", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "tooshort");
    }

    @Test
    void anEndpointsFileWithSecretFilesAndDisabledEndpointsLoads() throws IOException {
        Path secrets = Files.writeString(dir.resolve("globex.secrets"), SECRET + "\n" + SECRET.replace('M', 'N') + "\n");
        Path file = Files.writeString(dir.resolve("endpoints.json"), """
                {"endpoints": [
                  {"id": "globex", "url": "https://globex.example/in", "events": ["order.completed", "user.registered"],
                   "secret_file": "%s"},
                  {"id": "local", "url": "http://receiver.local:8080/hooks", "events": ["order.completed"], "secret": "%s", "enabled": false}
                ]}""".formatted(secrets, SECRET));
        Map<String, String> env = valid();
        env.put("WEBHOOK_ENDPOINTS_FILE", file.toString());
        env.put("WEBHOOK_HTTP_HOSTS", "receiver.local");
        env.put("WEBHOOK_CONNECT_TIMEOUT_SECONDS", "2");
        NotificationSettings s = NotificationSettings.fromEnvironment(env, CONSUMED);
        assertThat(s.webhooks().endpoints()).hasSize(2);
        assertThat(s.webhooks().endpoints().get(0).secrets()).hasSize(2);
        assertThat(s.webhooks().endpoints().get(1).enabled()).isFalse();
        assertThat(s.webhooks().endpoints().get(1).receives("order.completed")).isFalse();
        assertThat(s.webhooks().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sesNeedsNoSmtpHostAndRefusesSmtpSettings() {
        Map<String, String> env = valid();
        env.remove("SMTP_HOST");
        env.put("EMAIL_TRANSPORT", "ses");
        NotificationSettings s = NotificationSettings.fromEnvironment(env, CONSUMED);
        assertThat(s.email().transport()).isEqualTo(NotificationSettings.EmailTransportKind.SES);
        assertThat(s.email().sesRegion()).isEqualTo("eu-west-1");
        env.put("SMTP_HOST", "smtp.shop.example");
        assertThat(problems(env)).containsExactly("SMTP_HOST: is set but EMAIL_TRANSPORT is ses");
    }
}
