package dev.eventbus.notification;

import dev.eventbus.EventBus;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.notification.feed.FeedEntry;
import dev.eventbus.notification.feed.RedisFeedStore;
import dev.eventbus.routing.Routes;
import dev.eventbus.testing.ElasticMq;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The container image's smoke test, run by {@code ./scripts/container} once the image is built: starts an
 * SQS emulator (ElasticMQ), redis-server, an SMTP server (GreenMail) and a webhook receiver on the host's
 * loopback, runs the image with {@code podman run --network host} against them, and checks that one
 * {@code order.completed} is handled end to end inside the container (email received, signed webhook
 * received, feed entry in Redis), that the image's health check passes, that the process runs as a
 * non-root user, and that {@code podman stop} ends it with exit status 0 within the grace period.
 * Prints the image size. Exits 0 when every check passed, 1 otherwise.
 *
 * <p>Arguments: {@code IMAGE WORK_DIR}. Uses the {@code podman} on the PATH (with the caller's
 * {@code CONTAINERS_CONF}) and {@code redis-server}.
 */
public final class ContainerSmoke {

    private static final int STOP_GRACE_SECONDS = 30;

    private final String image;
    private final Path work;
    private final String name = "eventbus-notifications-smoke-" + ProcessHandle.current().pid();
    private final List<String> failures = new ArrayList<>();

    private ContainerSmoke(String image, Path work) {
        this.image = image;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int status = new ContainerSmoke(args[0], Path.of(args[1])).run() ? 0 : 1;
        System.exit(status); // ElasticMQ's threads are not daemons
    }

    private boolean run() throws Exception {
        Files.createDirectories(work);
        Path config = Files.createTempDirectory(work, "config");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Process redis = null;
        TestSmtpServer smtp = null;
        WebhookReceiver receiver = null;
        ElasticMq sqs = null;
        try {
            int redisPort = TestSmtpServer.freePort();
            redis = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(redisPort), "--save", "",
                    "--appendonly", "no").redirectErrorStream(true).redirectOutput(work.resolve("redis.log").toFile()).start();
            sqs = ElasticMq.start();
            String dlq = sqs.sqs().createQueue(r -> r.queueName("notifications-dlq")).queueUrl();
            String dlqArn = sqs.queues().arnOf(dlq);
            String queue = sqs.sqs().createQueue(r -> r.queueName("notifications").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":5}"))).queueUrl();
            smtp = TestSmtpServer.start(Set.of());
            smtp.setUser("mailer", "mailer", NotificationFixture.SMTP_PASSWORD);
            receiver = new WebhookReceiver(NotificationFixture.SECRET_A);
            int adminPort = TestSmtpServer.freePort();

            // secrets as files, the way container platforms mount them; readable by the image's non-root user
            write(config.resolve("smtp-password"), NotificationFixture.SMTP_PASSWORD);
            write(config.resolve("webhook-secret"), NotificationFixture.SECRET_A);
            write(config.resolve("endpoints.json"), "{\"endpoints\":[{\"id\":\"smoke\",\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"order.completed\"],\"secret_file\":\"/config/webhook-secret\"}]}");

            List<String> run = new ArrayList<>(List.of("podman", "run", "-d", "--name", name, "--network", "host", "--memory", "512m",
                    "-v", config.toAbsolutePath() + ":/config:ro"));
            Map<String, String> env = Map.ofEntries(
                    Map.entry("QUEUE_URL", queue), Map.entry("AWS_REGION", ElasticMq.REGION),
                    Map.entry("AWS_ENDPOINT_URL", sqs.endpoint().toString()),
                    Map.entry("AWS_ACCESS_KEY_ID", "smoke"), Map.entry("AWS_SECRET_ACCESS_KEY", "smoke"),
                    Map.entry("REDIS_URL", "redis://127.0.0.1:" + redisPort),
                    Map.entry("EMAIL_FROM", "orders@shop.example"), Map.entry("SMTP_HOST", "127.0.0.1"),
                    Map.entry("SMTP_PORT", Integer.toString(smtp.port())), Map.entry("SMTP_SECURITY", "none"),
                    Map.entry("SMTP_USERNAME", "mailer"), Map.entry("SMTP_PASSWORD_FILE", "/config/smtp-password"),
                    Map.entry("WEBHOOK_ENDPOINTS_FILE", "/config/endpoints.json"), Map.entry("WEBHOOK_HTTP_HOSTS", "127.0.0.1"),
                    Map.entry("WEBHOOK_PRIVATE_HOSTS", "127.0.0.1"), Map.entry("ADMIN_PORT", Integer.toString(adminPort)));
            env.forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
            run.add(image);
            exec(run);
            System.out.println("    container " + name + " started from " + image);

            boolean ready = waitFor(Duration.ofSeconds(90), () -> httpStatus(adminPort) == 200);
            check("the worker reports ready on /health/ready", ready);
            if (!ready) {
                System.out.println(exec(List.of("podman", "logs", name)).output());
                return false;
            }

            EventBus bus = EventBus.builder().sqs(sqs.sqs()).source("smoke")
                    .routes(Routes.builder().queue("order.completed", "1.2", queue).build()).build();
            String id = bus.publish(Events.ORDER_COMPLETED_V1, new OrderCompletedV1(31337, 4711, "smoke@example.com", "12.00", 1200L, "EUR",
                    List.of(new OrderCompletedV1.LineItem("SMOKE-1", 1, "Smoke test")), Instant.now())).eventId();
            System.out.println("    published order.completed " + id);
            TestSmtpServer mail = smtp;
            WebhookReceiver hooks = receiver;
            boolean handled = waitFor(Duration.ofSeconds(60), () -> mail.messages().size() == 1 && hooks.deliveries().size() == 1);
            check("one email received", mail.messages().size() == 1);
            if (!mail.messages().isEmpty()) {
                MimeMessage m = mail.messages().getFirst();
                check("with the Message-ID derived from the event", ("<order-confirmation." + id + "@shop.example>").equals(m.getMessageID()));
            }
            check("one webhook delivery, signed", handled && hooks.deliveries().size() == 1 && hooks.signatureValid(hooks.deliveries().getFirst())
                    && id.equals(hooks.deliveries().getFirst().id()));
            try (RedisFeedStore feed = RedisFeedStore.connect(URI.create("redis://127.0.0.1:" + redisPort))) {
                List<FeedEntry> entries = feed.recent(4711, 10);
                check("one feed entry", entries.size() == 1 && entries.getFirst().id().equals(id));
            }

            Result health = exec(List.of("podman", "healthcheck", "run", name));
            check("podman healthcheck run passes (" + health.output().strip() + ")", health.status() == 0);
            String uid = exec(List.of("podman", "exec", name, "id", "-u")).output().strip();
            check("runs as a non-root user (uid " + uid + ")", !uid.isEmpty() && !uid.equals("0"));

            long t0 = System.nanoTime();
            exec(List.of("podman", "stop", "-t", Integer.toString(STOP_GRACE_SECONDS), name));
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            String exit = exec(List.of("podman", "inspect", "--format", "{{.State.ExitCode}}", name)).output().strip();
            check("podman stop ends it with exit status 0 (was " + exit + ") in " + stopMillis + " ms, within the " + STOP_GRACE_SECONDS
                    + " s grace period", exit.equals("0") && stopMillis < STOP_GRACE_SECONDS * 1000L);
            Path logs = work.resolve("container.log");
            Files.writeString(logs, exec(List.of("podman", "logs", name)).output());
            String logText = Files.readString(logs);
            check("its log is JSON lines and names no address or secret", logText.lines().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("{"))
                    && !logText.contains("smoke@example.com") && !logText.contains(NotificationFixture.SMTP_PASSWORD));
            System.out.println("    container log: " + logs);

            long bytes = Long.parseLong(exec(List.of("podman", "image", "inspect", "--format", "{{.Size}}", image)).output().strip());
            System.out.printf("    image %s: %.1f MB%n", image, bytes / 1_000_000.0);
        } catch (Exception e) {
            failures.add("smoke test aborted: " + e);
            e.printStackTrace();
        } finally {
            try {
                exec(List.of("podman", "rm", "-f", name));
            } catch (Exception e) {
                System.err.println("removing " + name + " failed: " + e);
            }
            if (receiver != null) {
                receiver.close();
            }
            if (smtp != null) {
                smtp.stop();
            }
            if (sqs != null) {
                sqs.close();
            }
            if (redis != null) {
                redis.destroy();
                redis.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (failures.isEmpty()) {
            System.out.println("==> container smoke test passed");
            return true;
        }
        failures.forEach(f -> System.out.println("FAILED: " + f));
        return false;
    }

    private void check(String what, boolean ok) {
        System.out.println("    " + (ok ? "ok    " : "FAILED") + " " + what);
        if (!ok) {
            failures.add(what);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        file.toFile().setReadable(true, false);
    }

    record Result(int status, String output) {}

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0 && !command.contains("healthcheck")) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static int httpStatus(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean waitFor(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
