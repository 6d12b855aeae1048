package dev.eventbus.notification.webhook;

import dev.eventbus.notification.metrics.NotificationMetrics;
import dev.eventbus.worker.RetryableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers events to the webhook endpoints that receive them, one endpoint at a time (each is its own
 * step of the handler, so a failing endpoint is retried alone).
 *
 * <p>A delivery is a POST of {@code {"type", "timestamp", "data"}} (the event type, when it happened,
 * the payload as the handler's record) with the Standard Webhooks headers: {@code webhook-id} (the
 * event id, the receiver's idempotency key), {@code webhook-timestamp} (this attempt, Unix seconds) and
 * {@code webhook-signature}. The body is the same bytes on every attempt. 2xx is delivered; 408, 429,
 * 5xx, timeouts and connection failures throw {@link RetryableException} so the worker retries with
 * its backoff; other statuses (4xx, and 3xx since redirects are not followed) are permanent for that
 * endpoint and an address the SSRF policy refuses is blocked: both are counted and logged, not retried.
 */
public final class Webhooks {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private final List<WebhookEndpoint> endpoints;
    private final WebhookClient client;
    private final NotificationMetrics metrics;
    private final Clock clock;
    private final JsonMapper json;

    public Webhooks(List<WebhookEndpoint> endpoints, WebhookClient client, NotificationMetrics metrics, Clock clock, JsonMapper json) {
        this.endpoints = List.copyOf(endpoints);
        this.client = Objects.requireNonNull(client, "client");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The enabled endpoints that receive {@code eventType}, in file order. */
    public List<WebhookEndpoint> endpointsFor(String eventType) {
        return endpoints.stream().filter(e -> e.receives(eventType)).toList();
    }

    /** The delivery body for an event: {@code {"type", "timestamp", "data"}}. */
    public byte[] body(String type, Instant timestamp, Object payload) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        node.put("timestamp", timestamp.toString());
        node.set("data", json.valueToTree(payload));
        return json.writeValueAsBytes(node);
    }

    /**
     * Delivers {@code body} to {@code endpoint}.
     *
     * @throws RetryableException the endpoint should get it again later
     * @throws InterruptedException the worker is stopping or lost the message's lease
     */
    public DeliveryResult deliver(WebhookEndpoint endpoint, String webhookId, byte[] body) throws InterruptedException {
        long timestamp = clock.instant().getEpochSecond();
        String signature = WebhookSigner.signature(webhookId, timestamp, body, endpoint.secrets());
        long started = System.nanoTime();
        DeliveryResult result = client.post(endpoint.url(), webhookId, timestamp, signature, body);
        metrics.webhook(endpoint.id(), result.statusClass(), result.outcome().tag(), Duration.ofNanos(System.nanoTime() - started));
        switch (result.outcome()) {
            case DELIVERED -> { }
            case RETRY -> throw new RetryableException("webhook " + endpoint.id() + ": " + result.detail() + "; retried later");
            case REJECTED -> log.warn("webhook {} rejected delivery {} ({}); permanent for this endpoint, not retried",
                    endpoint.id(), webhookId, result.detail());
            case BLOCKED -> log.warn("webhook {} blocked for delivery {}: {}; not retried", endpoint.id(), webhookId, result.detail());
        }
        return result;
    }
}
