package dev.eventbus.outbox;

import dev.eventbus.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** A schema of its own with the outbox table (made by its migration) and an orders table, for one test. */
record OutboxDatabase(DataSource dataSource, OutboxTable table) {

    static OutboxDatabase create(TestPostgres postgres) {
        TestPostgres.Schema schema = postgres.schema("outbox");
        OutboxTable table = OutboxTable.of(schema.name(), "eventbus_outbox");
        TestPostgres.execute(schema.dataSource(), table.ddl());
        TestPostgres.execute(schema.dataSource(), "CREATE TABLE orders (id BIGINT PRIMARY KEY, status TEXT NOT NULL)");
        return new OutboxDatabase(schema.dataSource(), table);
    }

    /** A connection in a transaction (auto-commit off). */
    Connection begin() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    static void insertOrder(Connection connection, long id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (id, status) VALUES (?, 'completed')")) {
            insert.setLong(1, id);
            insert.executeUpdate();
        }
    }

    long count(String where) throws SQLException {
        return longs("SELECT count(*) FROM " + table.qualifiedName() + " WHERE " + where).get(0);
    }

    long orders() throws SQLException {
        return longs("SELECT count(*) FROM orders").get(0);
    }

    List<String> strings(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private List<Long> longs(String sql) throws SQLException {
        return strings(sql).stream().map(Long::parseLong).toList();
    }
}
