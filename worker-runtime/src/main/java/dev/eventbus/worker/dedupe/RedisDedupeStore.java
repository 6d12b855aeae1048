package dev.eventbus.worker.dedupe;

import dev.eventbus.worker.internal.Digests;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The production {@link DedupeStore}: keys in Redis, each change a Lua compare-and-set on the claim's
 * token, commands from concurrent handlers pipelined together so a received batch costs about one
 * round trip. Scripts touch one key each, so the store also works on Redis Cluster.
 *
 * <p>A claim is one native {@code SET key value NX PX ms GET} on Redis 7.0 and later (it costs Redis
 * about half of a script call) and the {@link #CLAIM} script on older servers; the store asks the
 * server's version once, at its first claim.
 *
 * <p>Thread-safe; share one per process and close it at shutdown. Redis's own persistence decides what
 * survives a Redis restart: run it with AOF ({@code appendonly yes}) so done markers survive.
 */
public final class RedisDedupeStore implements DedupeStore {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_PIPELINES = 2;
    private static final int DIRECT_CONNECTIONS = 32;

    /** Sets the key to the attempt's value if free (or expired); answers OK, or the value that holds it. */
    static final String CLAIM = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'OK' end
            local current = redis.call('GET', KEYS[1])
            if not current then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 'OK'
            end
            return current""";

    /**
     * Replaces the value with ARGV[2] for ARGV[3] ms if it still is ARGV[1], or if the key is gone (the
     * attempt's lease ran out and nobody took the key: the event was handled all the same).
     */
    static final String COMPLETE = """
            local current = redis.call('GET', KEYS[1])
            if current == ARGV[1] or not current then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""";

    /** Deletes the key if its value still is ARGV[1]. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0""";

    /** Renews the key's expiry to ARGV[2] ms if its value still is ARGV[1], or takes it back if it is gone. */
    static final String EXTEND = """
            local current = redis.call('GET', KEYS[1])
            if current == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not current then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0""";

    /** Adds step ARGV[1] to the steps hash and sets the hash's expiry to ARGV[2] ms. */
    static final String MARK_STEP = """
            redis.call('HSET', KEYS[1], ARGV[1], '1')
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""";

    /**
     * Appends a failed attempt to the list, keeps the last ARGV[2] and sets the expiry to ARGV[3] ms. A
     * value of another type (a record from an older version) is replaced.
     */
    static final String RECORD_FAILURE = """
            local kind = redis.call('TYPE', KEYS[1])['ok']
            if kind ~= 'list' and kind ~= 'none' then redis.call('DEL', KEYS[1]) end
            redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1""";

    /** Deletes a done marker (1); leaves a held claim alone (2); 0 when there is neither. */
    static final String FORGET = """
            local current = redis.call('GET', KEYS[1])
            if not current then return 0 end
            if string.sub(current, 1, 2) == 'D:' then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 2""";

    /** The first Redis version whose SET takes NX and GET together. */
    private static final int NATIVE_CLAIM_SINCE_MAJOR = 7;

    private static final String CLAIM_SHA = Digests.sha1(CLAIM);
    private static final String COMPLETE_SHA = Digests.sha1(COMPLETE);
    private static final String RELEASE_SHA = Digests.sha1(RELEASE);
    private static final String EXTEND_SHA = Digests.sha1(EXTEND);
    private static final String MARK_STEP_SHA = Digests.sha1(MARK_STEP);
    private static final String RECORD_FAILURE_SHA = Digests.sha1(RECORD_FAILURE);
    private static final String FORGET_SHA = Digests.sha1(FORGET);
    /** How long a probe's write lives. */
    private static final long PROBE_TTL_MILLIS = 10_000;

    private final URI uri;
    private final RedisClient client;
    private final RedisPipeline pipeline;
    /** Whether claims use the native SET NX GET; null until the server's version is known. */
    private volatile Boolean nativeClaims;

    private RedisDedupeStore(Builder b) {
        this.uri = b.uri;
        this.nativeClaims = b.scriptClaims ? Boolean.FALSE : null;
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) b.connectTimeout.toMillis())
                .socketTimeoutMillis((int) b.socketTimeout.toMillis())
                .ssl("rediss".equals(b.uri.getScheme()));
        String userInfo = b.uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            } else {
                config.password(userInfo);
            }
        }
        String path = b.uri.getPath();
        if (path != null && path.length() > 1) {
            config.database(Integer.parseInt(path.substring(1)));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        // The pipelines' connections, plus ones for batches sent on the calling thread (claims from
        // handler threads, completions before a delete) and for probes.
        pool.setMaxTotal(b.pipelines + DIRECT_CONNECTIONS);
        pool.setMaxIdle(b.pipelines + DIRECT_CONNECTIONS);
        pool.setMaxWait(b.socketTimeout);
        this.client = RedisClient.builder()
                .hostAndPort(b.uri.getHost(), b.uri.getPort() < 0 ? 6379 : b.uri.getPort())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        this.pipeline = new RedisPipeline(client, List.of(CLAIM, COMPLETE, RELEASE, EXTEND, MARK_STEP, RECORD_FAILURE, FORGET),
                b.pipelines);
    }

    /** A store on the Redis at {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS). */
    public static RedisDedupeStore connect(URI uri) {
        return builder().uri(uri).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Claim claim(ClaimBatch.ClaimRequest request) {
        boolean nativeClaim = nativeClaims();
        return claimed(request, pipeline.execute(claimCommand(nativeClaim, request)));
    }

    /** Sends every claim in one pipeline, on the calling thread. */
    @Override
    public List<Claim> claimAll(List<ClaimBatch.ClaimRequest> requests) {
        List<RedisPipeline.Command<?>> commands = new ArrayList<>(requests.size());
        boolean nativeClaim = nativeClaims();
        for (ClaimBatch.ClaimRequest r : requests) {
            commands.add(claimCommand(nativeClaim, r));
        }
        List<Object> replies = pipeline.executeNow(commands);
        List<Claim> claims = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            claims.add(claimed(requests.get(i), replies.get(i)));
        }
        return claims;
    }

    /**
     * Sets the key to the attempt's value if it is free (or expired). The reply is the value that holds
     * the key, or no value (native) or "OK" (script) when the attempt got it; stored values never are "OK".
     */
    private static RedisPipeline.Command<?> claimCommand(boolean nativeClaim, ClaimBatch.ClaimRequest request) {
        String value = ClaimValues.inProgress(request.token(), request.payloadHash());
        if (nativeClaim) {
            SetParams params = SetParams.setParams().nx().px(positiveMillis(request.lease()));
            RedisPipeline.Command<String> setGet = p -> p.setGet(request.key(), value, params);
            return setGet;
        }
        return p -> p.evalsha(CLAIM_SHA, List.of(request.key()), List.of(value, millis(request.lease())));
    }

    private static Claim claimed(ClaimBatch.ClaimRequest request, Object reply) {
        return reply == null || "OK".equals(reply) ? ClaimValues.claimed(request) : ClaimValues.read(String.valueOf(reply), request);
    }

    /** Whether claims can use the native SET NX GET, asking the server's version the first time. */
    private boolean nativeClaims() {
        Boolean known = nativeClaims;
        if (known == null) {
            String info;
            try {
                info = client.info("server");
            } catch (JedisDataException e) {
                info = ""; // INFO refused (renamed or not allowed): the script works everywhere
            } catch (JedisException e) {
                throw doesNotAnswer(e);
            }
            known = majorVersion(info) >= NATIVE_CLAIM_SINCE_MAJOR;
            nativeClaims = known;
        }
        return known;
    }

    /** The major version in an INFO reply's {@code redis_version:} line, or 0 without one. */
    static int majorVersion(String info) {
        for (String line : info.split("\\r?\\n")) {
            if (line.startsWith("redis_version:")) {
                String version = line.substring("redis_version:".length()).trim();
                int dot = version.indexOf('.');
                try {
                    return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    @Override
    public boolean complete(Claim.Claimed claim, Duration ttl) {
        return isOne(pipeline.execute(completeCommand(claim, ttl)));
    }

    /** Sends every completion in one pipeline, on the calling thread. */
    @Override
    public List<Boolean> completeAll(List<Claim.Claimed> claims, Duration ttl) {
        List<RedisPipeline.Command<?>> commands = new ArrayList<>(claims.size());
        for (Claim.Claimed claim : claims) {
            commands.add(completeCommand(claim, ttl));
        }
        return pipeline.executeNow(commands).stream().map(RedisDedupeStore::isOne).toList();
    }

    private static RedisPipeline.Command<Object> completeCommand(Claim.Claimed claim, Duration ttl) {
        List<String> args = List.of(ClaimValues.inProgress(claim), ClaimValues.done(claim.payloadHash()), millis(ttl));
        return p -> p.evalsha(COMPLETE_SHA, List.of(claim.key()), args);
    }

    @Override
    public boolean release(Claim.Claimed claim) {
        return isOne(pipeline.execute(p -> p.evalsha(RELEASE_SHA, List.of(claim.key()), List.of(ClaimValues.inProgress(claim)))));
    }

    @Override
    public boolean extend(Claim.Claimed claim, Duration lease) {
        return isOne(pipeline.execute(p -> p.evalsha(EXTEND_SHA, List.of(claim.key()),
                List.of(ClaimValues.inProgress(claim), millis(lease)))));
    }

    @Override
    public boolean stepDone(String claimKey, String step) {
        String stepsKey = DedupeKeys.stepsKey(claimKey);
        return Boolean.TRUE.equals(pipeline.execute(p -> p.hexists(stepsKey, step)));
    }

    @Override
    public void markStepDone(String claimKey, String step, Duration ttl) {
        List<String> keys = List.of(DedupeKeys.stepsKey(claimKey));
        List<String> args = List.of(step, millis(ttl));
        pipeline.execute(p -> p.evalsha(MARK_STEP_SHA, keys, args));
    }

    @Override
    public void recordFailure(String failureKey, FailureRecord record, Duration ttl) {
        List<String> args = List.of(record.entryJson(), Integer.toString(FailureRecord.MAX_HISTORY), millis(ttl));
        pipeline.execute(p -> p.evalsha(RECORD_FAILURE_SHA, List.of(failureKey), args));
    }

    @Override
    public Optional<FailureRecord> lastFailure(String failureKey) {
        List<String> entries = pipeline.execute(p -> p.lrange(failureKey, 0, -1));
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(FailureRecord.of(entries.stream().map(FailureRecord::fromJson).toList()));
    }

    /** One round trip: the claim's value and time to live, and the names of the completed steps. */
    @Override
    public DedupeState inspect(String claimKey) {
        String stepsKey = DedupeKeys.stepsKey(claimKey);
        RedisPipeline.Command<String> value = p -> p.get(claimKey);
        RedisPipeline.Command<Long> ttl = p -> p.pttl(claimKey);
        RedisPipeline.Command<java.util.Set<String>> steps = p -> p.hkeys(stepsKey);
        List<Object> replies = pipeline.executeNow(List.of(value, ttl, steps));
        @SuppressWarnings("unchecked")
        List<String> names = new ArrayList<>((java.util.Set<String>) replies.get(2));
        names.sort(null);
        String current = (String) replies.get(0);
        long millis = (Long) replies.get(1);
        if (current == null) {
            return new DedupeState(DedupeState.Status.NEVER_SEEN, Optional.empty(), names);
        }
        return new DedupeState(ClaimValues.isDone(current) ? DedupeState.Status.DONE : DedupeState.Status.CLAIMED,
                millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis)), names);
    }

    /** Two round trips: the claim key's compare-and-delete, then the steps hash (unless an attempt holds the claim). */
    @Override
    public Forgotten forget(String claimKey) {
        long answer = (Long) pipeline.execute(p -> p.evalsha(FORGET_SHA, List.of(claimKey), List.of()));
        if (answer == 2) {
            return new Forgotten(false, List.of(), true);
        }
        String stepsKey = DedupeKeys.stepsKey(claimKey);
        RedisPipeline.Command<java.util.Set<String>> names = p -> p.hkeys(stepsKey);
        RedisPipeline.Command<Long> delete = p -> p.del(stepsKey);
        @SuppressWarnings("unchecked")
        List<String> steps = new ArrayList<>((java.util.Set<String>) pipeline.executeNow(List.of(names, delete)).get(0));
        steps.sort(null);
        return new Forgotten(answer == 1, steps, false);
    }

    /** A write, as every claim is: SET with a short expiry on a key of its own. */
    @Override
    public void probe() {
        try {
            client.set(DedupeKeys.PROBE_KEY, ClaimValues.newToken(), SetParams.setParams().px(PROBE_TTL_MILLIS));
        } catch (JedisDataException e) {
            throw new DedupeUnavailableException("Redis at " + uri.getHost() + ":" + uri.getPort() + " refuses writes: " + e.getMessage(), e);
        } catch (JedisException e) {
            throw doesNotAnswer(e);
        }
    }

    private DedupeUnavailableException doesNotAnswer(JedisException e) {
        return new DedupeUnavailableException("Redis at " + uri.getHost() + ":" + uri.getPort() + " does not answer: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        pipeline.close();
        client.close();
    }

    @Override
    public String toString() {
        return "Redis dedupe at " + uri.getHost() + ":" + uri.getPort();
    }

    /** A duration as Redis expiry milliseconds: at least 1, since Redis rejects 0. */
    private static long positiveMillis(Duration duration) {
        return Math.max(1, duration.toMillis());
    }

    private static String millis(Duration duration) {
        return Long.toString(positiveMillis(duration));
    }

    private static boolean isOne(Object reply) {
        return reply instanceof Number n && n.longValue() == 1L;
    }


    /** Builds a {@link RedisDedupeStore}; {@code uri} is required. */
    public static final class Builder {
        private URI uri;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private int pipelines = DEFAULT_PIPELINES;
        private boolean scriptClaims;

        private Builder() {}

        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("a Redis URI starts with redis:// or rediss://, got " + uri);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the Redis URI names no host: " + uri);
            }
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long a command may wait for Redis before the store counts as unavailable. */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout");
            return this;
        }

        /** Pipelines in flight at once (each on its own connection). */
        public Builder pipelines(int pipelines) {
            if (pipelines < 1) {
                throw new IllegalArgumentException("pipelines must be >= 1, was " + pipelines);
            }
            this.pipelines = pipelines;
            return this;
        }

        /** Claims with the Lua script even on Redis 7+, as on older servers (for testing that path). */
        Builder scriptClaims() {
            this.scriptClaims = true;
            return this;
        }

        public RedisDedupeStore build() {
            Objects.requireNonNull(uri, "the Redis URI is required");
            return new RedisDedupeStore(this);
        }
    }
}
