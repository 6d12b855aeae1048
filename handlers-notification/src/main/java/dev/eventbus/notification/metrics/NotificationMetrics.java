package dev.eventbus.notification.metrics;

import dev.eventbus.notification.email.OutageGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * The notification worker's meters, created when first used. Every tag value is bounded: a transport
 * name, a template name, an endpoint id from the endpoints file, an outcome or status class. Never an
 * address, an event id or a URL.
 *
 * <ul>
 *   <li>{@code eventbus.notification.emails{transport, template, outcome=sent|refused|failed}}
 *   <li>{@code eventbus.notification.email.transport.down{transport}} 1 while emails are held for an outage;
 *       {@code eventbus.notification.email.held{transport}} emails waiting for it
 *   <li>{@code eventbus.notification.smtp.connections.opened}: the goal is a few per thousand emails
 *   <li>{@code eventbus.notification.webhooks{endpoint, status_class, outcome=delivered|retry|rejected|blocked}}
 *       and {@code eventbus.notification.webhook.duration{endpoint}}
 *   <li>{@code eventbus.notification.feed.appends{outcome=appended|duplicate|failed}}
 * </ul>
 */
public final class NotificationMetrics {

    private final MeterRegistry registry;

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void email(String transport, String template, String outcome) {
        Counter.builder("eventbus.notification.emails").description("Emails by transport, template and outcome")
                .tag("transport", transport).tag("template", template).tag("outcome", outcome)
                .register(registry).increment();
    }

    public void bindEmailGate(String transport, OutageGate gate) {
        Gauge.builder("eventbus.notification.email.transport.down", gate, g -> g.isDown() ? 1 : 0)
                .description("1 while the email transport is unavailable and emails are held").tag("transport", transport).register(registry);
        Gauge.builder("eventbus.notification.email.held", gate, OutageGate::waiting)
                .description("Emails waiting for the email transport to come back").tag("transport", transport).register(registry);
    }

    public <T> void bindSmtpConnections(T transport, ToLongFunction<T> opened) {
        FunctionCounter.builder("eventbus.notification.smtp.connections.opened", transport, t -> opened.applyAsLong(t))
                .description("SMTP connections opened (each is reused for many emails)").register(registry);
    }

    public void webhook(String endpoint, String statusClass, String outcome, Duration took) {
        Counter.builder("eventbus.notification.webhooks").description("Webhook deliveries by endpoint, status class and outcome")
                .tag("endpoint", endpoint).tag("status_class", statusClass).tag("outcome", outcome)
                .register(registry).increment();
        Timer.builder("eventbus.notification.webhook.duration").description("Time per webhook delivery attempt")
                .tag("endpoint", endpoint).register(registry).record(took);
    }

    public void feed(String outcome) {
        Counter.builder("eventbus.notification.feed.appends").description("Activity feed appends by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
