package dev.eventbus.testing;

import java.net.URI;

/** A Redis named by EVENTBUS_TEST_REDIS_URL. The tests did not start it, so they cannot stop it. */
final class ExternalRedis implements TestRedis {

    private final URI uri;

    ExternalRedis(URI uri) {
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("EVENTBUS_TEST_REDIS_URL must look like redis://host:port, was " + uri);
        }
        this.uri = uri;
    }

    @Override
    public String host() {
        return uri.getHost();
    }

    @Override
    public int port() {
        return uri.getPort();
    }

    @Override
    public String description() {
        return "Redis from EVENTBUS_TEST_REDIS_URL at " + uri;
    }

    @Override
    public void stop() {
        throw new IllegalStateException("this test stops and restarts Redis, which it cannot do to the external Redis at "
                + uri + "; unset EVENTBUS_TEST_REDIS_URL so the tests start their own redis-server");
    }

    @Override
    public void start() {
        stop();
    }

    @Override
    public void close() {}
}
