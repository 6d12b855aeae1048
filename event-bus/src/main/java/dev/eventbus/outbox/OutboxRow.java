package dev.eventbus.outbox;

import dev.eventbus.internal.EncodedEvent;
import dev.eventbus.routing.Destination;
import dev.eventbus.schema.EventVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One outbox row as the relay reads it, and the SQL both sides run against an {@link OutboxTable}.
 * The row keeps the destination as its address: an ARN for a topic, a URL for a queue.
 */
record OutboxRow(long id, int attempts, EncodedEvent event) {

    static String insert(OutboxTable table) {
        return "INSERT INTO " + table.qualifiedName()
                + " (event_id, event_type, event_version, destination, body, traceparent) VALUES (?, ?, ?, ?, ?, ?)";
    }

    static void bind(PreparedStatement insert, EncodedEvent event) throws SQLException {
        insert.setString(1, event.eventId());
        insert.setString(2, event.event());
        insert.setString(3, event.version().toString());
        insert.setString(4, address(event.destination()));
        insert.setString(5, event.body());
        insert.setString(6, event.traceparent());
    }

    /**
     * Locks up to {@code limit} due pending rows, oldest first, skipping rows another relay holds: the
     * lock lasts until the claiming transaction ends, which marks the rows sent or leaves them pending.
     */
    static List<OutboxRow> claim(Connection connection, OutboxTable table, int limit) throws SQLException {
        String sql = "SELECT id, attempts, event_id, event_type, event_version, destination, body, traceparent FROM "
                + table.qualifiedName() + " WHERE sent_at IS NULL AND (retry_at IS NULL OR retry_at <= now())"
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                List<OutboxRow> rows = new ArrayList<>(limit);
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getInt(2), new EncodedEvent(rs.getString(3), rs.getString(4),
                            EventVersion.parse(rs.getString(5)), destination(rs.getString(6)), rs.getString(7), rs.getString(8))));
                }
                return rows;
            }
        }
    }

    static void markSent(Connection connection, OutboxTable table, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + table.qualifiedName() + " SET sent_at = now() WHERE id = ANY (?)")) {
            update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
    }

    /** Counts a refused attempt on each row and holds it back until {@code retryAfterMillis} from now. */
    static void markRefused(Connection connection, OutboxTable table, List<Refused> refused) throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.qualifiedName()
                + " SET attempts = attempts + 1, last_error = ?, retry_at = now() + ? * interval '1 millisecond' WHERE id = ?")) {
            for (Refused r : refused) {
                update.setString(1, r.error());
                update.setLong(2, r.retryAfterMillis());
                update.setLong(3, r.id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** A row SNS or SQS refused, with what to record and when to try it again. */
    record Refused(long id, String error, long retryAfterMillis) {}

    /** Pending rows, and the age in seconds of the oldest (0 when none). */
    static Backlog backlog(Connection connection, OutboxTable table) throws SQLException {
        String t = table.qualifiedName();
        String sql = "SELECT (SELECT count(*) FROM " + t + " WHERE sent_at IS NULL),"
                + " (SELECT EXTRACT(EPOCH FROM clock_timestamp() - created_at) FROM " + t
                + " WHERE sent_at IS NULL ORDER BY id LIMIT 1)";
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), Math.max(0, rs.getDouble(2)));
        }
    }

    record Backlog(long pending, double oldestSeconds) {}

    /** Deletes up to {@code limit} rows sent more than {@code retentionMillis} ago; returns how many. */
    static int cleanup(Connection connection, OutboxTable table, long retentionMillis, int limit) throws SQLException {
        String t = table.qualifiedName();
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + t + " WHERE id IN (SELECT id FROM " + t
                + " WHERE sent_at IS NOT NULL AND sent_at < now() - ? * interval '1 millisecond' LIMIT ? FOR UPDATE SKIP LOCKED)")) {
            delete.setLong(1, retentionMillis);
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    static String address(Destination destination) {
        return destination instanceof Destination.Topic topic ? topic.arn() : ((Destination.Queue) destination).url();
    }

    static Destination destination(String address) {
        return address.startsWith("arn:") ? new Destination.Topic(address) : new Destination.Queue(address);
    }
}
