package dev.eventbus.outbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds an {@link OutboxRelay}'s {@link RelayStats} and health to a Micrometer registry, tagged with the
 * table and the relay's name. The only class of the outbox that needs Micrometer (an optional dependency
 * of event-bus: add {@code micrometer-core} to use it).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code eventbus.outbox.pending}</td><td>gauge</td><td>rows not yet sent, table-wide</td></tr>
 *   <tr><td>{@code eventbus.outbox.oldest.pending.age}</td><td>time gauge</td><td>age of the oldest pending row</td></tr>
 *   <tr><td>{@code eventbus.outbox.relayed}</td><td>counter</td><td>rows sent and marked sent</td></tr>
 *   <tr><td>{@code eventbus.outbox.failures}</td><td>counter: reason</td><td>{@code refused} (an entry SNS/SQS refused),
 *       {@code unavailable} (a row whose request failed), {@code database} (a claim or mark that failed)</td></tr>
 *   <tr><td>{@code eventbus.outbox.cleaned}</td><td>counter</td><td>sent rows deleted after the retention period</td></tr>
 *   <tr><td>{@code eventbus.outbox.ready}</td><td>gauge</td><td>1 while {@link OutboxRelay#health()} is ready, else 0</td></tr>
 * </table>
 */
public final class OutboxRelayMetrics implements MeterBinder {

    private final OutboxRelay relay;

    public OutboxRelayMetrics(OutboxRelay relay) {
        this.relay = Objects.requireNonNull(relay, "relay");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("table", relay.table().qualifiedName(), "relay", relay.name());
        Gauge.builder("eventbus.outbox.pending", relay, r -> r.stats().pending()).description("Outbox rows not yet sent")
                .tags(tags).register(registry);
        TimeGauge.builder("eventbus.outbox.oldest.pending.age", relay, TimeUnit.MILLISECONDS,
                        r -> r.stats().oldestPendingAge().toMillis())
                .description("Age of the oldest outbox row not yet sent").tags(tags).register(registry);
        counter(registry, "eventbus.outbox.relayed", "Outbox rows sent and marked sent", tags, RelayStats::relayed);
        counter(registry, "eventbus.outbox.failures", "Outbox row sends SNS/SQS refused", tags.and("reason", "refused"),
                RelayStats::refused);
        counter(registry, "eventbus.outbox.failures", "Outbox row sends whose request failed", tags.and("reason", "unavailable"),
                RelayStats::unavailable);
        counter(registry, "eventbus.outbox.failures", "Outbox claims or marks the database failed", tags.and("reason", "database"),
                RelayStats::databaseErrors);
        counter(registry, "eventbus.outbox.cleaned", "Sent outbox rows deleted after the retention period", tags, RelayStats::cleaned);
        Gauge.builder("eventbus.outbox.ready", relay, r -> r.health().ready() ? 1 : 0)
                .description("1 while the outbox relay is running, its database answers and its sends succeed").tags(tags)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags, ToDoubleFunction<RelayStats> value) {
        FunctionCounter.builder(name, relay, r -> value.applyAsDouble(r.stats())).description(description).tags(tags).register(registry);
    }
}
