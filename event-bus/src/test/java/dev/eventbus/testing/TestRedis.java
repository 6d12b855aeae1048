package dev.eventbus.testing;

import java.net.URI;

/**
 * A real Redis for tests. {@link #stop()} and {@link #start()} simulate an outage on the same address;
 * only servers the tests started themselves can be stopped.
 */
public interface TestRedis extends AutoCloseable {

    String host();

    int port();

    default URI uri() {
        return URI.create("redis://" + host() + ":" + port());
    }

    /** What this Redis is, for the test log (e.g. "redis-server child process at 127.0.0.1:41234"). */
    String description();

    /** Stops the server; connections are refused until {@link #start()}. */
    void stop();

    /** Starts the server again on the same address, empty. */
    void start();

    @Override
    void close();
}
