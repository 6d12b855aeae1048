package dev.eventbus.notification.feed;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Activity feeds in Redis. Each owner has two keys, both with the owner in a hash tag so a cluster keeps
 * them on one slot: {@code eventbus:feed:{user:7}:entries}, a sorted set of entry ids scored by the
 * event's time in milliseconds, and {@code eventbus:feed:{user:7}:data}, a hash of entry id to the
 * entry's JSON ({@code {"id","kind","at","details"}}).
 *
 * <p>An append is one Lua script: it adds the entry unless its id is already there, then trims the
 * oldest entries beyond the cap (an old entry appended again sorts below the cap and is trimmed at once,
 * so a late duplicate never reappears), and renews the keys' expiry when one is set. A read is one script
 * too (ids newest first, then their JSON). Thread-safe; the connection pool is Jedis's.
 */
public final class RedisFeedStore implements FeedStore {

    /** Entries kept per feed unless the builder says otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 100;

    static final String APPEND = """
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
            if excess > 0 then
              local old = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
              redis.call('HDEL', KEYS[2], unpack(old))
            end
            local ttl = tonumber(ARGV[5])
            if ttl > 0 then
              redis.call('PEXPIRE', KEYS[1], ttl)
              redis.call('PEXPIRE', KEYS[2], ttl)
            end
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
              return 1
            end
            return 2""";

    static final String RECENT = """
            local ids = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
            if #ids == 0 then
              return {}
            end
            return redis.call('HMGET', KEYS[2], unpack(ids))""";

    private static final String APPEND_SHA = sha1(APPEND);
    private static final String RECENT_SHA = sha1(RECENT);

    private final RedisClient client;
    private final boolean ownsClient;
    private final int maxEntries;
    private final Duration ttl;
    private final String description;

    private RedisFeedStore(Builder b) {
        this.ownsClient = b.client == null;
        this.client = b.client != null ? b.client : RedisClient.create(b.uri);
        this.maxEntries = b.maxEntries;
        this.ttl = b.ttl;
        this.description = "Redis feed store at " + (b.uri == null ? "a shared client" : b.uri.getHost() + ":" + b.uri.getPort());
    }

    /** A store on the Redis at {@code redis://[user:password@]host:port[/db]}, keeping {@value #DEFAULT_MAX_ENTRIES} entries per feed. */
    public static RedisFeedStore connect(URI uri) {
        return builder().uri(uri).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean append(FeedOwner owner, FeedEntry entry) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(entry, "entry");
        List<String> args = List.of(entry.id(), Long.toString(entry.at().toEpochMilli()), FeedEntryJson.write(entry),
                Integer.toString(maxEntries), Long.toString(ttl == null ? 0 : ttl.toMillis()));
        Object reply = script(APPEND, APPEND_SHA, keys(owner), args, "appending to the feed of " + owner);
        // 1: added; 2: added and trimmed at once (older than every kept entry); 0: already there
        return reply instanceof Number n && n.longValue() != 0;
    }

    @Override
    public List<FeedEntry> recent(FeedOwner owner, int limit) {
        Objects.requireNonNull(owner, "owner");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        Object reply = script(RECENT, RECENT_SHA, keys(owner), List.of(Integer.toString(limit)), "reading the feed of " + owner);
        List<FeedEntry> entries = new ArrayList<>();
        if (reply instanceof List<?> values) {
            for (Object value : values) {
                if (value != null) {
                    entries.add(FeedEntryJson.read(text(value)));
                }
            }
        }
        return entries;
    }

    private Object script(String script, String sha, List<String> keys, List<String> args, String what) {
        try {
            try {
                return client.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                return client.eval(script, keys, args);
            }
        } catch (JedisException e) {
            throw new FeedStoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    static List<String> keys(FeedOwner owner) {
        String tag = "eventbus:feed:{" + owner.kind() + ":" + owner.id() + "}";
        return List.of(tag + ":entries", tag + ":data");
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link RedisFeedStore}: a Redis URI (or a client to share) is required. */
    public static final class Builder {
        private URI uri;
        private RedisClient client;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private Duration ttl;

        private Builder() {}

        /** {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS. */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("a Redis URI starts with redis:// or rediss://");
            }
            return this;
        }

        /** A client to use instead of opening one; the store then leaves closing it to the caller. */
        public Builder client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Entries kept per feed; older ones are dropped as new ones arrive. */
        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** How long a feed nobody appends to is kept; renewed by every append. {@code null} (the default) keeps it. */
        public Builder ttl(Duration ttl) {
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new IllegalArgumentException("ttl must be positive, was " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        public RedisFeedStore build() {
            if (uri == null && client == null) {
                throw new IllegalStateException("a Redis URI or client is required");
            }
            return new RedisFeedStore(this);
        }
    }
}
