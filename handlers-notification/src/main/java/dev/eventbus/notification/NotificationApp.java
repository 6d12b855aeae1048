package dev.eventbus.notification;

import dev.eventbus.notification.config.NotificationSettings;
import dev.eventbus.notification.email.EmailTemplates;
import dev.eventbus.notification.email.EmailTransport;
import dev.eventbus.notification.email.Mailer;
import dev.eventbus.notification.email.OutageGate;
import dev.eventbus.notification.email.SesTransport;
import dev.eventbus.notification.email.SmtpTransport;
import dev.eventbus.notification.feed.FeedStore;
import dev.eventbus.notification.feed.RedisFeedStore;
import dev.eventbus.notification.metrics.NotificationMetrics;
import dev.eventbus.notification.webhook.WebhookClient;
import dev.eventbus.notification.webhook.Webhooks;
import dev.eventbus.schema.ConsumerSettings;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.admin.AdminServer;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running notification worker, wired from its {@link NotificationSettings}: the SQS client, the
 * Redis dedupe and feed stores, the email transport (SMTP or SES), the webhook client, the worker with
 * the {@link Notifications} handlers, and the admin port ({@code /metrics}, {@code /health/live},
 * {@code /health/ready}). {@link #close()} stops the worker gracefully first, then closes the rest in
 * reverse order of creation.
 */
public final class NotificationApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationApp.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Worker worker;
    private final AdminServer admin;
    private final FeedStore feed;
    private final PrometheusMeterRegistry registry;

    private NotificationApp(NotificationSettings s, EventCatalog catalog) {
        try {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            NotificationMetrics metrics = new NotificationMetrics(registry);
            SqsClient sqs = own(sqsClient(s));
            RedisDedupeStore dedupe = own(RedisDedupeStore.connect(s.redisUri()));
            feed = own(RedisFeedStore.builder().uri(s.redisUri()).maxEntries(s.feed().maxEntries()).ttl(s.feed().ttl()).build());
            EmailTransport transport = own(transport(s, metrics));
            Mailer mailer = new Mailer(transport, new EmailTemplates(Notifications.TEMPLATES), s.email().from(), s.email().replyTo(),
                    new OutageGate(), s.email().outageHold(), metrics);
            WebhookClient webhookClient = own(WebhookClient.builder().policy(s.webhooks().policy())
                    .connectTimeout(s.webhooks().connectTimeout()).responseTimeout(s.webhooks().responseTimeout())
                    .maxResponseBytes(s.webhooks().maxResponseBytes()).build());
            Webhooks webhooks = new Webhooks(s.webhooks().endpoints(), webhookClient, metrics, Clock.systemUTC(), JsonMapper.builder().build());
            Notifications notifications = new Notifications(mailer, webhooks, feed, metrics);
            WorkerConfig config = WorkerConfig.defaults().withPollers(s.pollers()).withMaxInFlight(s.maxInFlight())
                    .withShutdownGrace(s.shutdownGrace()).withHandlerTimeout(handlerTimeout(s, catalog));
            Worker.Builder builder = Worker.builder().sqs(sqs).queueUrl(s.queueUrl()).consumer(s.consumer()).catalog(catalog)
                    .dedupe(dedupe).handlers(notifications.handlers()).config(config).meterRegistry(registry);
            if (s.dlqUrl() != null) {
                builder.dlqUrl(s.dlqUrl());
            }
            worker = builder.build();
            admin = AdminServer.builder().address(new InetSocketAddress(s.adminPort())).registry(registry).worker(worker).build();
            resources.add(admin);
            resources.add(worker);
            worker.start();
            admin.start();
            log.info("notification worker {}: email via {}, {} webhook endpoints ({} enabled), feed in {}, admin port {}", s.consumer(),
                    transport, s.webhooks().endpoints().size(), s.webhooks().endpoints().stream().filter(e -> e.enabled()).count(), feed,
                    admin.port());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The handler time limit: {@code HANDLER_TIMEOUT_SECONDS} when set, else the catalog's
     * {@code handler_timeout_seconds} for this consumer (what its queue's visibility timeout was sized
     * for in terraform/), else the worker's default.
     */
    static Duration handlerTimeout(NotificationSettings s, EventCatalog catalog) {
        if (s.handlerTimeout() != null) {
            return s.handlerTimeout();
        }
        return catalog.consumer(s.consumer()).map(ConsumerSettings::handlerTimeout).orElse(WorkerConfig.DEFAULT_HANDLER_TIMEOUT);
    }

    /** Builds everything and starts consuming; throws (having closed what it opened) if the queue cannot be read. */
    public static NotificationApp start(NotificationSettings settings, EventCatalog catalog) {
        return new NotificationApp(settings, catalog);
    }

    private static SqsClient sqsClient(NotificationSettings s) {
        var b = SqsClient.builder().region(Region.of(s.awsRegion()))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(Math.max(50, s.pollers() * 2 + 8)));
        if (s.awsEndpoint() != null) {
            b.endpointOverride(s.awsEndpoint());
        }
        return b.build();
    }

    private EmailTransport transport(NotificationSettings s, NotificationMetrics metrics) {
        if (s.email().transport() == NotificationSettings.EmailTransportKind.SMTP) {
            SmtpTransport smtp = new SmtpTransport(s.email().smtp());
            metrics.bindSmtpConnections(smtp, SmtpTransport::connectionsOpened);
            return smtp;
        }
        var b = SesV2Client.builder().region(Region.of(s.email().sesRegion())).httpClientBuilder(ApacheHttpClient.builder());
        if (s.email().sesEndpoint() != null) {
            b.endpointOverride(s.email().sesEndpoint());
        } else if (s.awsEndpoint() != null) {
            b.endpointOverride(s.awsEndpoint());
        }
        SesV2Client ses = own(b.build());
        return new SesTransport(ses, s.email().sesConfigurationSet());
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    public Worker worker() {
        return worker;
    }

    /** The activity feed store this worker appends to (the monolith reads the same Redis). */
    public FeedStore feed() {
        return feed;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public int adminPort() {
        return admin.port();
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
    }
}
