package dev.eventbus.outbox;

import dev.eventbus.EventBus;
import dev.eventbus.OutgoingEvent;
import dev.eventbus.internal.EncodedEvent;
import dev.eventbus.internal.EncodedPublisher;
import dev.eventbus.schema.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Adds events to the outbox table inside the caller's database transaction; an {@link OutboxRelay} sends
 * them once that transaction has committed, and never if it rolls back.
 *
 * <p>Each event is routed, validated against its schema, given its event id and encoded when it is
 * added, exactly as {@link EventBus#publish} would, so a bad event throws here, before the commit
 * ({@link dev.eventbus.SchemaViolationException}, {@link dev.eventbus.NoRouteException}, ...), and the row
 * holds the very message the relay will send. {@code add} returns that event id.
 *
 * <p>{@code add} uses the connection it is given and neither commits, rolls back nor closes it. The
 * connection must be in a transaction (auto-commit off); with Spring, pass
 * {@code DataSourceUtils.getConnection(dataSource)} inside the transaction. Thread-safe; build one per
 * application and share it.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder().bus(bus).build();
 * connection.setAutoCommit(false);
 * // ... the order's own writes on the same connection ...
 * String eventId = outbox.add(connection, Events.ORDER_COMPLETED_V1, order);
 * connection.commit();
 * }</pre>
 */
public final class Outbox {

    private final EncodedPublisher publisher;
    private final OutboxTable table;
    private final String insert;

    private Outbox(Builder b) {
        this.publisher = EncodedPublisher.of(b.bus);
        this.table = b.table;
        this.insert = OutboxRow.insert(b.table);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds a typed event at its type's version; returns its event id. */
    public <T> String add(Connection connection, EventType<T> type, T payload) {
        return add(connection, OutgoingEvent.of(type, payload));
    }

    /** Adds {@code payload} as {@code event} at the version its route names; returns its event id. */
    public String add(Connection connection, String event, Object payload) {
        return add(connection, OutgoingEvent.of(event, payload));
    }

    /** Adds an event with its optional id, correlation, causation and trace context; returns its event id. */
    public String add(Connection connection, OutgoingEvent event) {
        return addAll(connection, List.of(event)).get(0);
    }

    /**
     * Adds several events in one round trip; returns their event ids in the order given. Every event is
     * encoded first, so one bad event throws before any row is written.
     */
    public List<String> addAll(Connection connection, List<OutgoingEvent> events) {
        Objects.requireNonNull(connection, "connection");
        List<EncodedEvent> encoded = new ArrayList<>(events.size());
        for (OutgoingEvent event : events) {
            encoded.add(publisher.encode(event));
        }
        List<String> ids = new ArrayList<>(encoded.size());
        try {
            requireTransaction(connection);
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (EncodedEvent event : encoded) {
                    OutboxRow.bind(statement, event);
                    ids.add(event.eventId());
                    if (encoded.size() > 1) {
                        statement.addBatch();
                    }
                }
                if (encoded.size() > 1) {
                    statement.executeBatch();
                } else if (!encoded.isEmpty()) {
                    statement.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("adding " + encoded.size() + " event(s) to " + table + " failed: " + e.getMessage()
                    + ". Nothing was added; roll the transaction back.", e);
        }
        return ids;
    }

    public OutboxTable table() {
        return table;
    }

    private static void requireTransaction(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("the connection is in auto-commit mode, so the event would be committed on its own, "
                    + "not with your transaction; nothing was added. Call connection.setAutoCommit(false) first (with Spring, "
                    + "pass DataSourceUtils.getConnection(dataSource) inside a transaction).");
        }
    }

    /** Builds an {@link Outbox}. {@code bus} is required: its routes, catalog and codec encode every event. */
    public static final class Builder {
        private EventBus bus;
        private OutboxTable table = OutboxTable.DEFAULT;

        private Builder() {}

        /** The bus whose routing, schema checks and envelope the events get; relays send through one built alike. */
        public Builder bus(EventBus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /** The outbox table; {@link OutboxTable#DEFAULT} unless given. */
        public Builder table(OutboxTable table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Outbox build() {
            if (bus == null) {
                throw new IllegalStateException("an EventBus is required: Outbox.builder().bus(bus)");
            }
            return new Outbox(this);
        }
    }
}
