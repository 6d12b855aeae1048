package dev.eventbus.worker.metrics;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.internal.WorkerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A worker's Micrometer meters, named {@code eventbus.worker.*} and tagged with the consumer name. The
 * {@code event} tag holds only event types the worker has handlers for ({@code other} for the rest),
 * {@code outcome} and {@code reason} come from fixed sets: no ids or emails ever become tags.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code eventbus.worker.messages.received}</td><td>counter</td><td>messages received</td></tr>
 *   <tr><td>{@code eventbus.worker.messages.handled}</td><td>counter: event, outcome</td><td>acked, duplicate, retry, dead_letter, released, lease_lost</td></tr>
 *   <tr><td>{@code eventbus.worker.processing.duration}</td><td>timer: event, outcome</td><td>whole chain, receive to outcome</td></tr>
 *   <tr><td>{@code eventbus.worker.handler.duration}</td><td>timer: event, outcome</td><td>the handler alone</td></tr>
 *   <tr><td>{@code eventbus.worker.lag}</td><td>timer: event</td><td>envelope timestamp to handler start</td></tr>
 *   <tr><td>{@code eventbus.worker.inflight}, {@code .peak}, {@code .limit}</td><td>gauges</td><td>messages in flight now, at most so far, allowed</td></tr>
 *   <tr><td>{@code eventbus.worker.polls}</td><td>counter: result</td><td>messages, empty, error</td></tr>
 *   <tr><td>{@code eventbus.worker.dlq.sent}, {@code .failed}</td><td>counter: reason</td><td>dead letters sent, or not sent</td></tr>
 *   <tr><td>{@code eventbus.worker.dedupe.hits}</td><td>counter</td><td>duplicates acked without running a handler</td></tr>
 *   <tr><td>{@code eventbus.worker.dedupe.errors}</td><td>counter</td><td>dedupe store (Redis) failures</td></tr>
 *   <tr><td>{@code eventbus.worker.dedupe.available}</td><td>gauge</td><td>1 while the dedupe store answers, 0 while polling is paused</td></tr>
 *   <tr><td>{@code eventbus.worker.deletes}, {@code .failed}</td><td>counter</td><td>messages deleted; batch entries SQS refused</td></tr>
 *   <tr><td>{@code eventbus.worker.lease.extended}, {@code .lost}</td><td>counter</td><td>heartbeat extensions; leases lost while running</td></tr>
 * </table>
 */
public final class WorkerMetrics implements WorkerListener {

    private static final String OTHER = "other";

    /** The meters of one event type, created up front so the per-message path only looks them up. */
    private record PerEvent(Map<String, Counter> handled, Map<String, Timer> processing, Map<String, Timer> handler, Timer lag) {}

    private final MeterRegistry registry;
    private final Tags base;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter received;
    private final Counter dedupeHits;
    private final Counter dedupeErrors;
    private final Counter deletes;
    private final Counter leaseExtended;
    private final Counter leaseLost;
    private final Map<String, PerEvent> perEvent;

    public WorkerMetrics(MeterRegistry registry, String consumer, Set<String> events, Clock clock) {
        this.registry = registry;
        this.base = Tags.of("consumer", consumer);
        this.clock = clock;
        this.received = Counter.builder("eventbus.worker.messages.received").description("Messages received from the queue")
                .tags(base).register(registry);
        this.dedupeHits = Counter.builder("eventbus.worker.dedupe.hits").description("Duplicates acked without running a handler")
                .tags(base).register(registry);
        this.dedupeErrors = Counter.builder("eventbus.worker.dedupe.errors").description("Dedupe store (Redis) failures")
                .tags(base).register(registry);
        this.deletes = Counter.builder("eventbus.worker.deletes").description("Messages deleted").tags(base).register(registry);
        this.leaseExtended = Counter.builder("eventbus.worker.lease.extended")
                .description("Visibility extensions of running messages").tags(base).register(registry);
        this.leaseLost = Counter.builder("eventbus.worker.lease.lost")
                .description("Running messages whose visibility or claim lapsed").tags(base).register(registry);
        Map<String, PerEvent> meters = new HashMap<>();
        for (String event : events) {
            meters.put(event, perEvent(event));
        }
        meters.put(OTHER, perEvent(OTHER));
        this.perEvent = Map.copyOf(meters);
    }

    private PerEvent perEvent(String event) {
        Map<String, Counter> handled = new HashMap<>();
        Map<String, Timer> processing = new HashMap<>();
        Map<String, Timer> handler = new HashMap<>();
        for (String outcome : Outcome.NAMES) {
            handled.put(outcome, counter("eventbus.worker.messages.handled", "Messages by outcome", "event", event, "outcome", outcome));
            processing.put(outcome, timer("eventbus.worker.processing.duration", "Receive to outcome", "event", event, "outcome", outcome));
            handler.put(outcome, timer("eventbus.worker.handler.duration", "Handler run time", "event", event, "outcome", outcome));
        }
        Timer lag = timer("eventbus.worker.lag", "Event timestamp to handler start", "event", event);
        return new PerEvent(Map.copyOf(handled), Map.copyOf(processing), Map.copyOf(handler), lag);
    }

    /** Registers the gauges that read the worker's live state (held strongly: the suppliers are lambdas). */
    public void bindGauges(IntSupplier inFlight, IntSupplier peak, int limit, BooleanSupplier dedupeAvailable) {
        Gauge.builder("eventbus.worker.inflight", inFlight, IntSupplier::getAsInt).description("Messages received and not finished")
                .tags(base).strongReference(true).register(registry);
        Gauge.builder("eventbus.worker.inflight.peak", peak, IntSupplier::getAsInt).description("Most messages in flight at once so far")
                .tags(base).strongReference(true).register(registry);
        Gauge.builder("eventbus.worker.inflight.limit", () -> limit).description("Most messages allowed in flight")
                .tags(base).strongReference(true).register(registry);
        Gauge.builder("eventbus.worker.dedupe.available", dedupeAvailable, b -> b.getAsBoolean() ? 1 : 0)
                .description("1 while the dedupe store answers; 0 while polling is paused").tags(base).strongReference(true)
                .register(registry);
    }

    /** Records one message's outcome after the whole chain. */
    public void processed(Delivery delivery, Outcome outcome, Duration duration) {
        PerEvent meters = meters(delivery);
        meters.handled().get(outcome.name()).increment();
        meters.processing().get(outcome.name()).record(duration);
    }

    @Override
    public void polled(int messages) {
        counter("eventbus.worker.polls", "Long polls", "result", messages == 0 ? "empty" : "messages").increment();
        received.increment(messages);
    }

    @Override
    public void pollFailed(Exception error) {
        counter("eventbus.worker.polls", "Long polls", "result", "error").increment();
    }

    @Override
    public void deleted(int count) {
        deletes.increment(count);
    }

    @Override
    public void deleteFailed(String code) {
        counter("eventbus.worker.deletes.failed", "Deletes SQS refused", "code", code).increment();
    }

    @Override
    public void deadLettered(Failure failure) {
        counter("eventbus.worker.dlq.sent", "Messages sent to the DLQ", "reason", failure.reason().code()).increment();
    }

    @Override
    public void deadLetterFailed(Failure failure) {
        counter("eventbus.worker.dlq.failed", "Dead letters that could not be sent", "reason", failure.reason().code()).increment();
    }

    @Override
    public void duplicate() {
        dedupeHits.increment();
    }

    @Override
    public void dedupeStoreFailed() {
        dedupeErrors.increment();
    }

    @Override
    public void leaseExtended() {
        leaseExtended.increment();
    }

    @Override
    public void leaseLost() {
        leaseLost.increment();
    }

    @Override
    public void handlerStarted(Delivery delivery) {
        Duration lag = Duration.between(delivery.envelope().timestamp(), clock.instant());
        if (!lag.isNegative()) {
            meters(delivery).lag().record(lag);
        }
    }

    @Override
    public void handlerFinished(Delivery delivery, Outcome outcome, Duration duration) {
        meters(delivery).handler().get(outcome.name()).record(duration);
    }

    private PerEvent meters(Delivery delivery) {
        PerEvent meters = perEvent.get(delivery.eventType());
        return meters != null ? meters : perEvent.get(OTHER);
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(base).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, String... tags) {
        return timers.computeIfAbsent(name + String.join("|", tags), k -> Timer.builder(name).description(description)
                .tags(base).tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(15))
                .register(registry));
    }
}
