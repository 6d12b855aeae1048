package dev.eventbus.testing;

/** Where a test PostgreSQL listens and how to log in; {@link #close()} stops it if the tests started it. */
record PostgresServer(String host, int port, String database, String user, String password, String description,
        AutoCloseable stopper) implements AutoCloseable {

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            stopper.close();
        } catch (Exception e) {
            System.err.println("[test-env] stopping " + description + " failed: " + e);
        }
    }
}
