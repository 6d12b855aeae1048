package dev.eventbus.notification.config;

import dev.eventbus.notification.email.SmtpSettings;
import dev.eventbus.notification.webhook.AddressPolicy;
import dev.eventbus.notification.webhook.WebhookClient;
import dev.eventbus.notification.webhook.WebhookEndpoint;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the notification worker is configured with, read from environment variables by
 * {@link #fromEnvironment}, which checks all of it and throws {@link InvalidSettingsException} naming
 * every problem. The variables are listed in the README ("The notification worker").
 */
public record NotificationSettings(
        String queueUrl, String dlqUrl, String consumer, String awsRegion, URI awsEndpoint, URI redisUri,
        Email email, Webhooks webhooks, Feed feed, int adminPort, LogFormat logFormat,
        int pollers, int maxInFlight, Duration shutdownGrace, Duration handlerTimeout) {

    public static final String DEFAULT_CONSUMER = "notifications";
    public static final int DEFAULT_ADMIN_PORT = 9090;
    public static final Duration DEFAULT_OUTAGE_HOLD = Duration.ofMinutes(5);
    public static final int DEFAULT_FEED_MAX_ENTRIES = 100;

    public enum LogFormat { JSON, TEXT }

    public enum EmailTransportKind { SMTP, SES }

    /**
     * @param smtp set for {@code EMAIL_TRANSPORT=smtp}
     * @param sesRegion with {@code sesEndpoint} and {@code sesConfigurationSet}, for {@code EMAIL_TRANSPORT=ses}
     * @param outageHold how long an email waits for its transport to come back before the attempt fails
     */
    public record Email(EmailTransportKind transport, InternetAddress from, InternetAddress replyTo, SmtpSettings smtp,
            String sesRegion, URI sesEndpoint, String sesConfigurationSet, Duration outageHold) {}

    public record Webhooks(List<WebhookEndpoint> endpoints, AddressPolicy policy, Duration connectTimeout, Duration responseTimeout,
            int maxResponseBytes) {}

    /** @param ttl how long an untouched feed is kept, or {@code null} for ever */
    public record Feed(int maxEntries, Duration ttl) {}

    /** Every variable the worker reads; others with the same prefixes are reported as likely typos. */
    static final Set<String> KNOWN = Set.of("QUEUE_URL", "DLQ_URL", "CONSUMER", "AWS_REGION", "AWS_ENDPOINT_URL",
            "REDIS_URL", "REDIS_PASSWORD", "REDIS_PASSWORD_FILE", "FEED_MAX_ENTRIES", "FEED_TTL_DAYS",
            "EMAIL_TRANSPORT", "EMAIL_FROM", "EMAIL_FROM_NAME", "EMAIL_REPLY_TO", "EMAIL_OUTAGE_HOLD_SECONDS",
            "SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_PASSWORD_FILE", "SMTP_CONNECTIONS",
            "SMTP_TIMEOUT_SECONDS", "SMTP_MAX_MESSAGES_PER_CONNECTION", "SMTP_TRUSTED_HOSTS",
            "SES_REGION", "SES_ENDPOINT_URL", "SES_CONFIGURATION_SET",
            "WEBHOOK_ENDPOINTS_FILE", "WEBHOOK_HTTP_HOSTS", "WEBHOOK_PRIVATE_HOSTS", "WEBHOOK_CONNECT_TIMEOUT_SECONDS",
            "WEBHOOK_RESPONSE_TIMEOUT_SECONDS", "WEBHOOK_MAX_RESPONSE_BYTES",
            "ADMIN_PORT", "LOG_FORMAT", "WORKER_POLLERS", "WORKER_MAX_IN_FLIGHT", "SHUTDOWN_GRACE_SECONDS",
            "HANDLER_TIMEOUT_SECONDS");
    private static final List<String> PREFIXES = List.of("SMTP_", "SES_", "WEBHOOK_", "FEED_", "EMAIL_", "WORKER_", "REDIS_");

    /**
     * Reads and checks the configuration.
     *
     * @param env the environment ({@code System.getenv()} in {@code main})
     * @param consumedEvents the event types this consumer subscribes to, from the catalog
     * @throws InvalidSettingsException listing every problem
     */
    public static NotificationSettings fromEnvironment(Map<String, String> env, Set<String> consumedEvents) {
        Environment e = new Environment(env);
        for (String name : new TreeSet<>(env.keySet())) {
            if (!KNOWN.contains(name) && PREFIXES.stream().anyMatch(name::startsWith)) {
                e.problem(name, "is not a setting of the notification worker (a typo?)");
            }
        }
        String queueUrl = e.required("QUEUE_URL", "the SQS queue to consume");
        if (queueUrl != null && e.uri("QUEUE_URL", Set.of("http", "https")) == null) {
            queueUrl = null;
        }
        String dlqUrl = e.uri("DLQ_URL", Set.of("http", "https")) == null ? null : e.optional("DLQ_URL");
        String consumer = e.withDefault("CONSUMER", DEFAULT_CONSUMER);
        String region = e.required("AWS_REGION", "the AWS region, e.g. eu-west-1");
        URI awsEndpoint = e.uri("AWS_ENDPOINT_URL", Set.of("http", "https"));
        URI redis = redisUri(e);

        Email email = email(e, region);
        Webhooks webhooks = webhooks(e, consumedEvents);
        int feedMax = e.integer("FEED_MAX_ENTRIES", DEFAULT_FEED_MAX_ENTRIES, 1, 10_000);
        int ttlDays = e.integer("FEED_TTL_DAYS", 0, 0, 3650);
        Feed feed = new Feed(feedMax, ttlDays == 0 ? null : Duration.ofDays(ttlDays));

        int adminPort = e.integer("ADMIN_PORT", DEFAULT_ADMIN_PORT, 0, 65535); // 0: any free port
        LogFormat logFormat = e.choice("LOG_FORMAT", LogFormat.class, LogFormat.JSON);
        int pollers = e.integer("WORKER_POLLERS", 2, 1, 64);
        int maxInFlight = e.integer("WORKER_MAX_IN_FLIGHT", 64, 1, 10_000);
        Duration grace = e.seconds("SHUTDOWN_GRACE_SECONDS", Duration.ofSeconds(25), 0, 3600);
        // unset: the catalog's handler_timeout_seconds for this consumer (the limit its queue was made for)
        Duration handlerTimeout = e.seconds("HANDLER_TIMEOUT_SECONDS", null, 1, 43_200);

        if (!e.problems().isEmpty()) {
            throw new InvalidSettingsException(e.problems());
        }
        return new NotificationSettings(queueUrl, dlqUrl, consumer, region, awsEndpoint, redis, email, webhooks, feed, adminPort, logFormat,
                pollers, maxInFlight, grace, handlerTimeout);
    }

    private static URI redisUri(Environment e) {
        String url = e.required("REDIS_URL", "the Redis for dedupe and the activity feed, redis://host:6379");
        String password = e.secret("REDIS_PASSWORD");
        URI uri = e.secretUri("REDIS_URL", url, Set.of("redis", "rediss"));
        if (uri == null || password == null) {
            return uri;
        }
        if (uri.getUserInfo() != null) {
            e.problem("REDIS_PASSWORD", "REDIS_URL already carries credentials; give the password one way");
            return uri;
        }
        try {
            return new URI(uri.getScheme(), ":" + password, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException ex) {
            e.problem("REDIS_PASSWORD", "cannot be put into the Redis URL");
            return uri;
        }
    }

    private static Email email(Environment e, String region) {
        EmailTransportKind transport = e.choice("EMAIL_TRANSPORT", EmailTransportKind.class, EmailTransportKind.SMTP);
        InternetAddress from = address(e, "EMAIL_FROM", e.required("EMAIL_FROM", "the sender address, e.g. orders@shop.example"));
        String fromName = e.optional("EMAIL_FROM_NAME");
        if (from != null && fromName != null) {
            try {
                from.setPersonal(fromName, StandardCharsets.UTF_8.name());
            } catch (UnsupportedEncodingException ex) {
                e.problem("EMAIL_FROM_NAME", "cannot be encoded");
            }
        }
        InternetAddress replyTo = address(e, "EMAIL_REPLY_TO", e.optional("EMAIL_REPLY_TO"));
        Duration hold = e.seconds("EMAIL_OUTAGE_HOLD_SECONDS", DEFAULT_OUTAGE_HOLD, 0, 3600);
        SmtpSettings smtp = null;
        if (transport == EmailTransportKind.SMTP) {
            smtp = smtp(e);
        } else {
            for (String name : List.of("SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_PASSWORD_FILE")) {
                if (e.isSet(name)) {
                    e.problem(name, "is set but EMAIL_TRANSPORT is ses");
                }
            }
        }
        String sesRegion = e.withDefault("SES_REGION", region);
        URI sesEndpoint = e.uri("SES_ENDPOINT_URL", Set.of("http", "https"));
        return new Email(transport, from, replyTo, smtp, sesRegion, sesEndpoint, e.optional("SES_CONFIGURATION_SET"), hold);
    }

    private static SmtpSettings smtp(Environment e) {
        String host = e.required("SMTP_HOST", "the SMTP server, with EMAIL_TRANSPORT=smtp");
        SmtpSettings.Security security = e.choice("SMTP_SECURITY", SmtpSettings.Security.class, SmtpSettings.Security.STARTTLS);
        int port = e.integer("SMTP_PORT", security.defaultPort(), 1, 65535);
        String username = e.optional("SMTP_USERNAME");
        String password = e.secret("SMTP_PASSWORD");
        if (username != null && password == null && !e.isSet("SMTP_PASSWORD_FILE")) {
            e.problem("SMTP_PASSWORD", "is required with SMTP_USERNAME (or SMTP_PASSWORD_FILE)");
        }
        if (username == null && password != null) {
            e.problem("SMTP_USERNAME", "is required with SMTP_PASSWORD");
        }
        int connections = e.integer("SMTP_CONNECTIONS", SmtpSettings.DEFAULT_CONNECTIONS, 1, 100);
        Duration timeout = e.seconds("SMTP_TIMEOUT_SECONDS", SmtpSettings.DEFAULT_TIMEOUT, 1, 300);
        int perConnection = e.integer("SMTP_MAX_MESSAGES_PER_CONNECTION", 0, 0, 1_000_000);
        String trusted = e.optional("SMTP_TRUSTED_HOSTS");
        if (host == null || (username == null) != (password == null)) {
            return null;
        }
        SmtpSettings smtp = SmtpSettings.of(host, port, security).withConnections(connections).withTimeout(timeout)
                .withMaxMessagesPerConnection(perConnection).withTrustedHosts(trusted == null ? null : trusted.replace(',', ' '));
        return username == null ? smtp : smtp.withCredentials(username, password);
    }

    private static Webhooks webhooks(Environment e, Set<String> consumedEvents) {
        AddressPolicy policy = new AddressPolicy(e.list("WEBHOOK_HTTP_HOSTS"), e.list("WEBHOOK_PRIVATE_HOSTS"));
        Duration connect = e.seconds("WEBHOOK_CONNECT_TIMEOUT_SECONDS", WebhookClient.DEFAULT_CONNECT_TIMEOUT, 1, 60);
        Duration response = e.seconds("WEBHOOK_RESPONSE_TIMEOUT_SECONDS", WebhookClient.DEFAULT_RESPONSE_TIMEOUT, 1, 300);
        int maxBytes = e.integer("WEBHOOK_MAX_RESPONSE_BYTES", WebhookClient.DEFAULT_MAX_RESPONSE_BYTES, 0, 16 * 1024 * 1024);
        String file = e.optional("WEBHOOK_ENDPOINTS_FILE");
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        if (file != null) {
            endpoints.addAll(EndpointsFile.read(Path.of(file), consumedEvents, policy, e.problems()::add));
        }
        return new Webhooks(endpoints, policy, connect, response, maxBytes);
    }

    private static InternetAddress address(Environment e, String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            if (address.getAddress().indexOf('@') < 1) {
                e.problem(name, "must be a full address, user@domain");
                return null;
            }
            return address;
        } catch (AddressException ex) {
            e.problem(name, "is not a valid email address (" + ex.getMessage() + ")");
            return null;
        }
    }
}
