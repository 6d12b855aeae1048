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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A worker's Micrometer meters, named {@code eventbus.worker.*} and tagged with the consumer name. The
 * {@code event} tag holds only event types the worker handles or the catalog knows ({@code other} for
 * the rest), {@code outcome}, {@code reason}, {@code result} and {@code code} come from fixed sets: no
 * ids or emails ever become tags.
 *
 * <p>A meter with an {@code event} or {@code outcome} tag is created when a message first needs it, so
 * a worker exposes series only for what it has seen (a handful before its first message); the few
 * counters without such tags exist from the start, so alerts on them see zeros. Timers publish
 * percentile histograms only when {@code WorkerConfig.percentileHistograms} is on.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code eventbus.worker.messages.received}</td><td>counter</td><td>messages received</td></tr>
 *   <tr><td>{@code eventbus.worker.messages.handled}</td><td>counter: event, outcome</td><td>acked, duplicate, skipped, retry, dead_letter, released, lease_lost</td></tr>
 *   <tr><td>{@code eventbus.worker.processing.duration}</td><td>timer: event, outcome</td><td>whole chain, receive to outcome</td></tr>
 *   <tr><td>{@code eventbus.worker.handler.duration}</td><td>timer: event, outcome</td><td>the handler alone</td></tr>
 *   <tr><td>{@code eventbus.worker.lag}</td><td>timer: event</td><td>envelope timestamp to handler start</td></tr>
 *   <tr><td>{@code eventbus.worker.inflight}, {@code .peak}, {@code .limit}</td><td>gauges</td><td>messages in flight now, at most so far, allowed</td></tr>
 *   <tr><td>{@code eventbus.worker.polls}</td><td>counter: result</td><td>messages, empty, error</td></tr>
 *   <tr><td>{@code eventbus.worker.dlq.sent}, {@code .failed}</td><td>counter: reason</td><td>dead letters sent, or not sent</td></tr>
 *   <tr><td>{@code eventbus.worker.dedupe.hits}</td><td>counter</td><td>duplicates acked without running a handler</td></tr>
 *   <tr><td>{@code eventbus.worker.dedupe.errors}</td><td>counter</td><td>dedupe store (Redis) failures</td></tr>
 *   <tr><td>{@code eventbus.worker.dedupe.available}</td><td>gauge</td><td>1 while the dedupe store takes writes, 0 while polling is paused</td></tr>
 *   <tr><td>{@code eventbus.worker.deletes}, {@code .failed}</td><td>counter; .failed: code</td><td>messages deleted; batch entries SQS refused</td></tr>
 *   <tr><td>{@code eventbus.worker.lease.extended}, {@code .lost}</td><td>counter</td><td>heartbeat extensions; leases lost while in hand</td></tr>
 * </table>
 */
public final class WorkerMetrics implements WorkerListener {

    private static final String OTHER = "other";

    /** The meters of one event type, each made on first use; indexed by {@link #index(Outcome)}. */
    private final class PerEvent {
        final String event;
        final AtomicReferenceArray<Counter> handled = new AtomicReferenceArray<>(Outcome.NAMES.size());
        final AtomicReferenceArray<Timer> processing = new AtomicReferenceArray<>(Outcome.NAMES.size());
        final AtomicReferenceArray<Timer> handler = new AtomicReferenceArray<>(Outcome.NAMES.size());
        volatile Timer lag;

        PerEvent(String event) {
            this.event = event;
        }

        Counter handled(Outcome outcome) {
            return lazily(handled, index(outcome), () -> Counter.builder("eventbus.worker.messages.handled")
                    .description("Messages by outcome").tags(base).tags("event", event, "outcome", outcome.name()).register(registry));
        }

        Timer processing(Outcome outcome) {
            return lazily(processing, index(outcome),
                    () -> timer("eventbus.worker.processing.duration", "Receive to outcome", "event", event, "outcome", outcome.name()));
        }

        Timer handler(Outcome outcome) {
            return lazily(handler, index(outcome),
                    () -> timer("eventbus.worker.handler.duration", "Handler run time", "event", event, "outcome", outcome.name()));
        }

        Timer lag() {
            Timer timer = lag;
            if (timer == null) {
                timer = timer("eventbus.worker.lag", "Event timestamp to handler start", "event", event);
                lag = timer;
            }
            return timer;
        }
    }

    private final MeterRegistry registry;
    private final Tags base;
    private final Clock clock;
    private final boolean percentileHistograms;
    private final Set<String> events;
    private final Map<String, PerEvent> perEvent = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter received;
    private final Counter dedupeHits;
    private final Counter dedupeErrors;
    private final Counter deletes;
    private final Counter leaseExtended;
    private final Counter leaseLost;
    private final Counter pollsWithMessages;
    private final Counter pollsEmpty;

    /**
     * Meters for {@code consumer}; {@code events} are the event types that get an {@code event} tag of
     * their own (those the worker handles and those the catalog knows).
     */
    public WorkerMetrics(MeterRegistry registry, String consumer, Set<String> events, Clock clock, boolean percentileHistograms) {
        this.registry = registry;
        this.base = Tags.of("consumer", consumer);
        this.clock = clock;
        this.percentileHistograms = percentileHistograms;
        this.events = Set.copyOf(events);
        this.received = baseCounter("eventbus.worker.messages.received", "Messages received from the queue");
        this.dedupeHits = baseCounter("eventbus.worker.dedupe.hits", "Duplicates acked without running a handler");
        this.dedupeErrors = baseCounter("eventbus.worker.dedupe.errors", "Dedupe store (Redis) failures");
        this.deletes = baseCounter("eventbus.worker.deletes", "Messages deleted");
        this.leaseExtended = baseCounter("eventbus.worker.lease.extended", "Visibility extensions of messages in hand");
        this.leaseLost = baseCounter("eventbus.worker.lease.lost", "Messages in hand whose visibility or claim another attempt got");
        this.pollsWithMessages = counter("eventbus.worker.polls", "Long polls", "result", "messages");
        this.pollsEmpty = counter("eventbus.worker.polls", "Long polls", "result", "empty");
    }

    private Counter baseCounter(String name, String description) {
        return Counter.builder(name).description(description).tags(base).register(registry);
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
                .description("1 while the dedupe store takes writes; 0 while polling is paused").tags(base).strongReference(true)
                .register(registry);
    }

    /** Records one message's outcome after the whole chain. */
    public void processed(Delivery delivery, Outcome outcome, Duration duration) {
        PerEvent meters = meters(delivery);
        meters.handled(outcome).increment();
        meters.processing(outcome).record(duration);
    }

    @Override
    public void polled(int messages) {
        (messages == 0 ? pollsEmpty : pollsWithMessages).increment();
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
        meters(delivery).handler(outcome).record(duration);
    }

    private PerEvent meters(Delivery delivery) {
        String type = delivery.eventType();
        String event = events.contains(type) ? type : OTHER;
        PerEvent meters = perEvent.get(event);
        return meters != null ? meters : perEvent.computeIfAbsent(event, PerEvent::new);
    }

    /** The outcome's position in {@link Outcome#NAMES}. */
    private static int index(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Acked a -> 0;
            case Outcome.Duplicate d -> 1;
            case Outcome.Skipped s -> 2;
            case Outcome.RetryLater r -> 3;
            case Outcome.DeadLettered d -> 4;
            case Outcome.Released r -> 5;
            case Outcome.LeaseLost l -> 6;
        };
    }

    private static <M> M lazily(AtomicReferenceArray<M> meters, int index, Supplier<M> create) {
        M meter = meters.get(index);
        if (meter == null) {
            // Registering twice returns the same meter, so a race here is harmless.
            meter = create.get();
            meters.set(index, meter);
        }
        return meter;
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(base).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, String... tags) {
        Timer.Builder builder = Timer.builder(name).description(description).tags(base).tags(tags);
        if (percentileHistograms) {
            builder.publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(15));
        }
        return builder.register(registry);
    }
}
