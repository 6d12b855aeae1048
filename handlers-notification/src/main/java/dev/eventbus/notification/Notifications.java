package dev.eventbus.notification;

import dev.eventbus.events.ChargeReversedV1;
import dev.eventbus.events.ChargeSucceededV1;
import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.events.OrderCompletedV2;
import dev.eventbus.events.SubscriptionActivatedV1;
import dev.eventbus.events.SubscriptionChangedV1;
import dev.eventbus.events.UserRegisteredV1;
import dev.eventbus.notification.email.Mailer;
import dev.eventbus.notification.feed.FeedEntry;
import dev.eventbus.notification.feed.FeedOwner;
import dev.eventbus.notification.feed.FeedStore;
import dev.eventbus.notification.feed.FeedStoreException;
import dev.eventbus.notification.metrics.NotificationMetrics;
import dev.eventbus.notification.webhook.WebhookEndpoint;
import dev.eventbus.notification.webhook.Webhooks;
import dev.eventbus.worker.Event;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.RetryableException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The notification worker's handlers: one per event type and major the catalog has {@code notifications}
 * subscribe to. Each handler's side effects are separate steps, run together ({@link SideEffects}):
 *
 * <table>
 *   <caption>What each event causes</caption>
 *   <tr><th>event</th><th>email (step {@code email})</th><th>feed (step {@code feed})</th></tr>
 *   <tr><td>order.completed v1, v2</td><td>order confirmation to {@code user_email}</td><td>the user's</td></tr>
 *   <tr><td>user.registered v1</td><td>welcome to {@code email}</td><td>the user's</td></tr>
 *   <tr><td>subscription.changed v1</td><td>subscription notice to {@code user_email}</td><td>the account's</td></tr>
 *   <tr><td>charge.succeeded v1</td><td>receipt to {@code receipt_email}, if any</td><td>the account's</td></tr>
 *   <tr><td>charge.reversed v1</td><td>refund notice to {@code receipt_email}, if any</td><td>the account's</td></tr>
 *   <tr><td>subscription.activated v1</td><td>none</td><td>the account's</td></tr>
 * </table>
 *
 * and a delivery to every enabled webhook endpoint that receives the event type, each its own step
 * {@code webhook-<endpoint id>}. Entries and Message-IDs are keyed by the event id; a message in the
 * monolith's older format (no id) is keyed by the event's business key instead.
 */
public final class Notifications {

    /** The email templates this worker renders. */
    public static final List<String> TEMPLATES = List.of("order-confirmation", "welcome", "subscription-changed", "charge-receipt",
            "charge-refund");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Mailer mailer;
    private final Webhooks webhooks;
    private final FeedStore feed;
    private final NotificationMetrics metrics;

    public Notifications(Mailer mailer, Webhooks webhooks, FeedStore feed, NotificationMetrics metrics) {
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The event types these handlers consume. */
    public static Set<String> events() {
        return Set.of("order.completed", "user.registered", "subscription.changed", "charge.succeeded", "charge.reversed",
                "subscription.activated");
    }

    public Handlers handlers() {
        return Handlers.builder()
                .on(Events.ORDER_COMPLETED_V1, this::orderCompletedV1)
                .on(Events.ORDER_COMPLETED_V2, this::orderCompletedV2)
                .on(Events.USER_REGISTERED_V1, this::userRegistered)
                .on(Events.SUBSCRIPTION_CHANGED_V1, this::subscriptionChanged)
                .on(Events.CHARGE_SUCCEEDED_V1, this::chargeSucceeded)
                .on(Events.CHARGE_REVERSED_V1, this::chargeReversed)
                .on(Events.SUBSCRIPTION_ACTIVATED_V1, this::subscriptionActivated)
                .build();
    }

    private void orderCompletedV1(Event<OrderCompletedV1> event) throws Exception {
        OrderCompletedV1 o = event.payload();
        List<Map<String, Object>> lines = new ArrayList<>();
        o.lineItems().forEach(li -> lines.add(line(li.sku(), li.qty(), li.name())));
        String key = key(event, "order_id=" + o.orderId());
        notify(event, key, o, new Email("order-confirmation", o.userEmail(), order(o.orderId(), o.total(), o.currency(), lines, o.completedAt())),
                FeedOwner.user(o.userId()), Map.of("order_id", Long.toString(o.orderId()), "total", o.total(), "currency", o.currency(),
                        "items", Integer.toString(o.lineItems().size())));
    }

    private void orderCompletedV2(Event<OrderCompletedV2> event) throws Exception {
        OrderCompletedV2 o = event.payload();
        List<Map<String, Object>> lines = new ArrayList<>();
        o.lineItems().forEach(li -> lines.add(line(li.sku(), li.quantity(), li.name())));
        String total = money(o.totalMinor(), o.currency());
        String key = key(event, "order_id=" + o.orderId());
        notify(event, key, o, new Email("order-confirmation", o.userEmail(), order(o.orderId(), total, o.currency(), lines, o.completedAt())),
                FeedOwner.user(o.userId()), Map.of("order_id", Long.toString(o.orderId()), "total", total, "currency", o.currency(),
                        "items", Integer.toString(o.lineItems().size())));
    }

    private void userRegistered(Event<UserRegisteredV1> event) throws Exception {
        UserRegisteredV1 u = event.payload();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", u.name());
        model.put("greeting_name", u.name() == null || u.name().isBlank() ? "there" : u.name());
        notify(event, key(event, "user_id=" + u.userId()), u, new Email("welcome", u.email(), model), FeedOwner.user(u.userId()), Map.of());
    }

    private void subscriptionChanged(Event<SubscriptionChangedV1> event) throws Exception {
        SubscriptionChangedV1 s = event.payload();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("change", s.change());
        model.put("plan_name", s.planName());
        model.put("plan_id", s.planId());
        model.put("previous_plan_id", s.previousPlanId());
        model.put("price", s.price() == null ? null : money(s.price().amountMinor(), s.price().currency()) + " " + s.price().currency()
                + " per " + s.price().interval().name().toLowerCase(Locale.ROOT));
        model.put("effective_on", DAY.format(s.effectiveAt()));
        String key = key(event, "account_id=" + s.accountId() + ",effective_at=" + s.effectiveAt() + ",change=" + s.change());
        notify(event, key, s, new Email("subscription-changed", s.userEmail(), model), FeedOwner.account(s.accountId()),
                Map.of("change", s.change(), "plan_id", s.planId(), "plan_name", s.planName()));
    }

    private void chargeSucceeded(Event<ChargeSucceededV1> event) throws Exception {
        ChargeSucceededV1 c = event.payload();
        String amount = money(c.amountMinor(), c.currency());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("charge_id", c.chargeId());
        model.put("plan_id", c.planId());
        model.put("amount", amount);
        model.put("currency", c.currency());
        model.put("payment_method", c.paymentMethod());
        model.put("charged_on", DAY.format(c.chargedAt()));
        notify(event, key(event, "charge_id=" + c.chargeId()), c, c.receiptEmail() == null ? null : new Email("charge-receipt", c.receiptEmail(), model),
                FeedOwner.account(c.accountId()), Map.of("charge_id", c.chargeId(), "plan_id", c.planId(), "amount", amount, "currency", c.currency()));
    }

    private void chargeReversed(Event<ChargeReversedV1> event) throws Exception {
        ChargeReversedV1 c = event.payload();
        String amount = money(c.amountMinor(), c.currency());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("reversal_id", c.reversalId());
        model.put("charge_id", c.chargeId());
        model.put("amount", amount);
        model.put("currency", c.currency());
        model.put("reason", c.reason());
        model.put("reversed_on", DAY.format(c.reversedAt()));
        notify(event, key(event, "reversal_id=" + c.reversalId()), c, c.receiptEmail() == null ? null : new Email("charge-refund", c.receiptEmail(), model),
                FeedOwner.account(c.accountId()), Map.of("reversal_id", c.reversalId(), "charge_id", c.chargeId(), "amount", amount,
                        "currency", c.currency()));
    }

    private void subscriptionActivated(Event<SubscriptionActivatedV1> event) throws Exception {
        SubscriptionActivatedV1 s = event.payload();
        notify(event, key(event, "subscription_id=" + s.subscriptionId()), s, null, FeedOwner.account(s.accountId()),
                Map.of("subscription_id", s.subscriptionId(), "plan_id", s.planId()));
    }

    /** An email to send: template, recipient, model. */
    private record Email(String template, String to, Map<String, ?> model) {}

    /** The event's side effects: the email (if any), one delivery per endpoint, the feed entry. */
    private void notify(Event<?> event, String key, Object payload, Email email, FeedOwner owner, Map<String, String> details) throws Exception {
        List<SideEffects.Effect> effects = new ArrayList<>();
        if (email != null) {
            effects.add(new SideEffects.Effect("email", () -> mailer.send(email.template(), email.to(), email.model(), key, event.type())));
        }
        List<WebhookEndpoint> endpoints = webhooks.endpointsFor(event.type());
        if (!endpoints.isEmpty()) {
            byte[] body = webhooks.body(event.type(), event.timestamp(), payload);
            for (WebhookEndpoint endpoint : endpoints) {
                effects.add(new SideEffects.Effect("webhook-" + endpoint.id(), () -> webhooks.deliver(endpoint, key, body)));
            }
        }
        FeedEntry entry = new FeedEntry(key, event.type(), event.timestamp(), details);
        effects.add(new SideEffects.Effect("feed", () -> append(owner, entry)));
        SideEffects.run(event, effects);
    }

    private void append(FeedOwner owner, FeedEntry entry) {
        try {
            metrics.feed(feed.append(owner, entry) ? "appended" : "duplicate");
        } catch (FeedStoreException e) {
            metrics.feed("failed");
            throw new RetryableException("feed: " + e.getMessage());
        }
    }

    /** The event id, or for messages in the older format (no id) the event type and its business key. */
    private static String key(Event<?> event, String businessKey) {
        return event.id() != null ? event.id() : event.type() + ":" + businessKey;
    }

    private static Map<String, Object> order(long orderId, String total, String currency, List<Map<String, Object>> lines, Instant completedAt) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("order_id", orderId);
        model.put("total", total);
        model.put("currency", currency);
        model.put("lines", lines);
        model.put("completed_on", completedAt == null ? null : DAY.format(completedAt));
        return model;
    }

    private static Map<String, Object> line(String sku, int qty, String name) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("sku", sku);
        line.put("qty", qty);
        line.put("name", name == null ? sku : name);
        return line;
    }

    /** Minor units as a decimal string with the currency's usual number of decimals (2 when unknown). */
    static String money(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }
}
