package dev.eventbus.bench.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * The history a fault run is judged by, kept in a redis-server of its own that no fault touches: every
 * side effect a handler performed (through {@code event.once}), every redelivery, every outcome, every
 * warning a worker logged, and every lease-lost warning with whether its handler had already returned.
 * Worker JVMs write it as things happen (so a kill -9 loses nothing already done); the suite reads it
 * after the drain. Thread-safe.
 */
final class Ledger implements AutoCloseable {

    /** One side effect: the event, the worker process that performed it, its receive count and when (epoch ms). */
    record Effect(String eventId, long pid, int receiveCount, long at) {}

    /** A message received again: its SQS message id, receive count, the worker that received it, when. */
    record Redelivery(String messageId, int receiveCount, long pid, long at) {}

    /**
     * A lease-lost warning: when, in which worker, for which message, how long after its handler had
     * returned normally ({@code -1} while the handler ran, or when it ended by throwing, as an interrupted
     * one does: a loss while it ran), and whether the worker said it interrupts the handler.
     */
    record LeaseLoss(long at, long pid, String messageId, long afterReturnMillis, boolean interrupting) {
        boolean forFinishedHandler() {
            return afterReturnMillis >= 0;
        }

        /** The heartbeat interrupting a handler that had already returned: it hits what the thread does next. */
        boolean strayInterrupt() {
            return forFinishedHandler() && interrupting;
        }
    }

    private static final String EFFECTS = "faults:effects";
    private static final String REDELIVERIES = "faults:redeliveries";
    private static final String OUTCOMES = "faults:outcomes";
    private static final String WARNINGS = "faults:warnings";
    private static final String LEASE_LOSSES = "faults:lease-losses";

    private static final long PID = ProcessHandle.current().pid();

    private final RedisClient redis;

    private Ledger(RedisClient redis) {
        this.redis = redis;
    }

    static Ledger connect(int port) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        return new Ledger(RedisClient.builder().hostAndPort("127.0.0.1", port).poolConfig(pool).build());
    }

    // ---- written by the workers ----------------------------------------------------------------

    /** Records a side effect of {@code eventId} performed now by this process. */
    void effect(String eventId, int receiveCount) {
        redis.rpush(EFFECTS, eventId + " " + PID + " " + receiveCount + " " + System.currentTimeMillis());
    }

    void redelivered(String messageId, int receiveCount) {
        redis.rpush(REDELIVERIES, messageId + " " + receiveCount + " " + PID + " " + System.currentTimeMillis());
    }

    void outcome(String name) {
        redis.hincrBy(OUTCOMES, name, 1);
    }

    /** Counts a warning by its logger and message template (never its arguments: those would be unbounded). */
    void warning(String logger, String template) {
        redis.hincrBy(WARNINGS, logger.substring(logger.lastIndexOf('.') + 1) + ": " + template, 1);
    }

    void leaseLost(String messageId, long afterReturnMillis, boolean interrupting) {
        redis.rpush(LEASE_LOSSES, System.currentTimeMillis() + " " + PID + " " + messageId + " " + afterReturnMillis + " " + interrupting);
    }

    // ---- read by the suite ---------------------------------------------------------------------

    long effectCount() {
        return redis.llen(EFFECTS);
    }

    List<Effect> effects() {
        return read(EFFECTS, f -> new Effect(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3])));
    }

    List<Redelivery> redeliveries() {
        return read(REDELIVERIES, f -> new Redelivery(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
    }

    List<LeaseLoss> leaseLosses() {
        return read(LEASE_LOSSES, f -> new LeaseLoss(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], Long.parseLong(f[3]),
                Boolean.parseBoolean(f[4])));
    }

    /** Every entry of a list, its space-separated fields parsed into a record. */
    private <T> List<T> read(String key, Function<String[], T> parse) {
        List<T> entries = new ArrayList<>();
        for (String line : redis.lrange(key, 0, -1)) {
            entries.add(parse.apply(line.split(" ")));
        }
        return entries;
    }

    /** Outcome name to count. */
    Map<String, Long> outcomes() {
        return counts(OUTCOMES);
    }

    /** "Logger: template" to count, most frequent first. */
    Map<String, Long> warnings() {
        Map<String, Long> byCount = new LinkedHashMap<>();
        counts(WARNINGS).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byCount.put(e.getKey(), e.getValue()));
        return byCount;
    }

    private Map<String, Long> counts(String key) {
        Map<String, Long> counts = new TreeMap<>();
        redis.hgetAll(key).forEach((field, value) -> counts.put(field, Long.parseLong(value)));
        return counts;
    }

    @Override
    public void close() {
        redis.close();
    }
}
