package dev.eventbus.cli.audit;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Writes audit records to the Redis stream {@value #STREAM} (trimmed to about {@value #MAX_RECORDS}
 * records) and, always, as one JSON line to the {@code eventbus.audit} logger; reads them back newest
 * first. Without Redis, or when Redis refuses, the record still reaches the log and the tool says so on
 * stderr. Blocking.
 */
public final class AuditLog implements AutoCloseable {

    public static final String STREAM = "eventbus:audit";
    static final long MAX_RECORDS = 100_000;

    private static final Logger log = LoggerFactory.getLogger("eventbus.audit");

    private final URI redisUri;
    private final PrintWriter err;
    private final Clock clock;
    private RedisClient redis;

    public AuditLog(URI redisUri, PrintWriter err, Clock clock) {
        this.redisUri = redisUri;
        this.err = err;
        this.clock = clock;
    }

    /** Records an action that just happened; answers the record as stored. */
    public AuditRecord write(String actor, String action, String queue, String destination, String filter, Map<String, Long> counts,
            String replayId, String detail) {
        AuditRecord record = new AuditRecord(null, Instant.now(clock), actor, action, queue, destination, filter, counts, replayId, detail);
        log.info("{}", record.toJson());
        if (redisUri == null) {
            err.println("note: no --redis or EVENTBUS_REDIS_URL, so this " + action + " is audited in the log only");
            err.flush();
            return record;
        }
        try {
            StreamEntryID id = client().xadd(STREAM, XAddParams.xAddParams().maxLen(MAX_RECORDS).approximateTrimming(), record.streamFields());
            return record.withId(id.toString());
        } catch (JedisException e) {
            err.println("warning: the audit record could not be written to Redis (" + e.getMessage() + "); it is in the log only: "
                    + record.toJson());
            err.flush();
            return record;
        }
    }

    /** Up to {@code limit} records that {@code wanted} accepts, newest first. */
    public List<AuditRecord> list(int limit, Predicate<AuditRecord> wanted) {
        if (redisUri == null) {
            throw dev.eventbus.cli.CliException.usage("audit records are read from Redis: give --redis redis://HOST:PORT or set EVENTBUS_REDIS_URL");
        }
        List<AuditRecord> found = new ArrayList<>();
        StreamEntryID end = null;
        while (found.size() < limit) {
            List<StreamEntry> page = end == null
                    ? client().xrevrange(STREAM, "+", "-", 500)
                    : client().xrevrange(STREAM, "(" + end, "-", 500);
            if (page.isEmpty()) {
                break;
            }
            for (StreamEntry entry : page) {
                AuditRecord record = AuditRecord.fromStream(entry.getID().toString(), entry.getFields());
                if (wanted.test(record)) {
                    found.add(record);
                    if (found.size() == limit) {
                        break;
                    }
                }
            }
            end = page.getLast().getID();
        }
        return found;
    }

    private synchronized RedisClient client() {
        if (redis == null) {
            redis = RedisClient.create(redisUri);
        }
        return redis;
    }

    @Override
    public synchronized void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
