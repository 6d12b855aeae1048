package dev.eventbus.worker;

import dev.eventbus.testing.TestRedis;
import java.io.IOException;
import redis.clients.jedis.RedisClient;

/**
 * Faults a test injects into the Redis it runs against, beside stopping it: freezing the process
 * (SIGSTOP, as a long GC pause or a stalled VM would) and making it refuse writes while it still
 * answers PING (out of memory with {@code noeviction}, as a full Redis does). Freezing needs a
 * redis-server this JVM started itself.
 */
final class RedisFaults implements AutoCloseable {

    private final TestRedis redis;
    private final RedisClient admin;
    private Long frozen;

    RedisFaults(TestRedis redis) {
        this.redis = redis;
        this.admin = RedisClient.create(redis.uri());
    }

    /** Makes every write fail with OOM (maxmemory of one byte, noeviction) while reads and PING still answer. */
    void refuseWrites() {
        admin.configSet("maxmemory-policy", "noeviction");
        admin.configSet("maxmemory", "1");
    }

    void acceptWrites() {
        admin.configSet("maxmemory", "0");
    }

    /** Stops the redis-server process with SIGSTOP: connections stay open, nothing answers. */
    void freeze() throws IOException, InterruptedException {
        long pid = pid();
        signal("STOP", pid);
        frozen = pid;
    }

    void thaw() throws IOException, InterruptedException {
        if (frozen != null) {
            signal("CONT", frozen);
            frozen = null;
        }
    }

    private long pid() {
        String info = admin.info("server");
        long pid = info.lines().filter(l -> l.startsWith("process_id:")).mapToLong(l -> Long.parseLong(l.substring(11).trim()))
                .findFirst().orElseThrow();
        boolean ours = ProcessHandle.current().descendants().anyMatch(p -> p.pid() == pid);
        if (!ours) {
            throw new IllegalStateException("this test freezes Redis with SIGSTOP, which it can only do to a redis-server it started; "
                    + redis.description() + " is not one. Unset EVENTBUS_TEST_REDIS_URL so the tests start their own");
        }
        return pid;
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + exit);
        }
    }

    @Override
    public void close() throws Exception {
        thaw();
        acceptWrites();
        admin.close();
    }
}
