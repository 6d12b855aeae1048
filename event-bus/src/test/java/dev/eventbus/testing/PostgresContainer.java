package dev.eventbus.testing;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL through Testcontainers, used where a Docker engine answers. */
final class PostgresContainer {

    static final String IMAGE = "postgres:16-alpine";

    private PostgresContainer() {}

    static PostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new PostgresServer(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
                container.getUsername(), container.getPassword(),
                "PostgreSQL container " + IMAGE + " at " + container.getHost() + ":" + container.getMappedPort(5432), container::stop);
    }
}
