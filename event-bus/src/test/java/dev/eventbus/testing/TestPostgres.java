package dev.eventbus.testing;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL server the outbox tests run against, chosen once per JVM, in this order:
 *
 * <ol>
 *   <li>{@code EVENTBUS_TEST_POSTGRES_URL} from the environment
 *       ({@code postgresql://user:password@host:port/database});
 *   <li>a PostgreSQL container through Testcontainers, when a Docker engine answers;
 *   <li>a throwaway cluster of the PostgreSQL binaries installed on this machine (Debian's
 *       {@code postgresql} package: {@code /usr/lib/postgresql/N/bin}, or {@code initdb} on the PATH),
 *       started as a child process on a free loopback port, as the {@code postgres} user when the tests
 *       run as root (PostgreSQL refuses to run as root);
 *   <li>otherwise the tests fail, saying what to install.
 * </ol>
 *
 * No in-memory database stands in for it. Use through {@link PostgresExtension}; each test takes a
 * {@link #schema(String) schema of its own} so tests sharing the server do not see each other's rows.
 */
public final class TestPostgres implements AutoCloseable {

    static final String INSTALL_HINT = "Install PostgreSQL with ./scripts/test (apt-get install postgresql), or point the tests "
            + "at a running server with EVENTBUS_TEST_POSTGRES_URL=postgresql://user:password@host:port/database, "
            + "or run a Docker engine for a PostgreSQL container.";

    /** A schema of its own and a data source whose connections use it by default. */
    public record Schema(String name, DataSource dataSource) {}

    private final PostgresServer server;

    private TestPostgres(PostgresServer server) {
        this.server = server;
    }

    static TestPostgres start() {
        Map<String, String> env = System.getenv();
        String url = env.get("EVENTBUS_TEST_POSTGRES_URL");
        PostgresServer server = null;
        String containerFailure = null;
        if (url != null && !url.isBlank()) {
            server = fromUrl(url);
        } else if (Containers.dockerConfigured()) {
            try {
                server = PostgresContainer.start();
            } catch (RuntimeException e) {
                // As for LocalStack: an engine that cannot start a container (no registry) is not the end.
                containerFailure = "the PostgreSQL container could not start (" + Containers.reason(e) + ")";
            }
        }
        if (server == null) {
            Optional<Path> binaries = ProcessPostgres.findBinaries();
            if (binaries.isEmpty()) {
                throw new IllegalStateException("The outbox's integration tests need a real PostgreSQL, but no initdb was found "
                        + "(on the PATH or under /usr/lib/postgresql/*/bin) and no Docker engine answered. " + INSTALL_HINT);
            }
            server = ProcessPostgres.start(binaries.get());
        }
        System.out.println("[test-env] PostgreSQL: " + server.description()
                + (containerFailure == null ? "" : "; Docker at " + Containers.dockerHost() + " answered, but " + containerFailure
                        + ", so it runs as a child process"));
        return new TestPostgres(server);
    }

    private static PostgresServer fromUrl(String url) {
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("EVENTBUS_TEST_POSTGRES_URL must look like postgresql://user:password@host:port/database, was "
                    + url);
        }
        String[] credentials = uri.getUserInfo() == null ? new String[] {"postgres", ""} : uri.getUserInfo().split(":", 2);
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, credentials[0],
                credentials.length > 1 ? credentials[1] : "", "PostgreSQL from EVENTBUS_TEST_POSTGRES_URL at " + uri.getHost() + ":"
                        + (uri.getPort() < 0 ? 5432 : uri.getPort()), () -> {});
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public String description() {
        return server.description();
    }

    /** A data source for the server's database, connections in its default schema (no pool). */
    public DataSource dataSource() {
        return dataSource(null);
    }

    /** Creates a schema with a unique name starting with {@code prefix}. */
    public Schema schema(String prefix) {
        String name = Emulators.uniqueName(prefix).replace('-', '_').toLowerCase(java.util.Locale.ROOT);
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating schema " + name + " on " + description() + " failed", e);
        }
        return new Schema(name, dataSource(name));
    }

    /** Runs SQL statements (a migration script, say) in one round trip, auto-committed. */
    public static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("running SQL failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    private DataSource dataSource(String currentSchema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {server.host()});
        ds.setPortNumbers(new int[] {server.port()});
        ds.setDatabaseName(server.database());
        ds.setUser(server.user());
        ds.setPassword(server.password());
        if (currentSchema != null) {
            ds.setCurrentSchema(currentSchema);
        }
        return ds;
    }

    @Override
    public void close() {
        server.close();
    }
}
