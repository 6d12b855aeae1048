package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sends commands issued by many threads to Redis in pipelines: while one pipeline is on the wire, the
 * commands that arrive queue up and go out together in the next. Under load a batch of messages
 * costs one round trip instead of one per message; when idle, a command goes out at once. Callers
 * block (cheaply, on virtual threads) until their reply arrives.
 *
 * <p>Scripts are sent with EVALSHA; when Redis answers NOSCRIPT (it restarted and lost its script
 * cache), the scripts are loaded again and the commands retried once.
 */
final class RedisPipeline implements AutoCloseable {

    /** A command queued on a pipeline. */
    interface Command<T> extends Function<AbstractPipeline, Response<T>> {}

    private record Pending(Command<?> command, CompletableFuture<Object> reply) {}

    private static final int MAX_BATCH = 256;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final RedisClient client;
    private final List<String> scripts;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> flushers = new ArrayList<>();
    private volatile boolean closed;

    RedisPipeline(RedisClient client, List<String> scripts, int concurrentPipelines) {
        this.client = client;
        this.scripts = List.copyOf(scripts);
        for (int i = 0; i < concurrentPipelines; i++) {
            flushers.add(Thread.ofVirtual().name("eventbus-redis-pipeline-" + i).start(this::flushLoop));
        }
    }

    /** Runs one command in the next pipeline and returns its reply. */
    @SuppressWarnings("unchecked")
    <T> T execute(Command<T> command) {
        if (closed) {
            throw new DedupeUnavailableException("the Redis dedupe store is closed");
        }
        CompletableFuture<Object> reply = new CompletableFuture<>();
        queue.add(new Pending(command, reply));
        try {
            return (T) reply.get(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DedupeUnavailableException("interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            throw new DedupeUnavailableException("Redis did not answer within " + REPLY_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        }
    }

    /**
     * Runs several commands in one pipeline on the calling thread (on a connection of its own) and
     * returns their replies in order; for callers that already hold a whole batch, which then skip the
     * hand-off to a pipeline thread. Throws if any command fails.
     */
    List<Object> executeNow(List<? extends Command<?>> commands) {
        if (closed) {
            throw new DedupeUnavailableException("the Redis dedupe store is closed");
        }
        List<Pending> batch = new ArrayList<>(commands.size());
        for (Command<?> command : commands) {
            batch.add(new Pending(command, new CompletableFuture<>()));
        }
        sendWithScripts(batch);
        List<Object> replies = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            replies.add(reply(pending.reply()));
        }
        return replies;
    }

    private static Object reply(CompletableFuture<Object> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            throw unavailable(e.getCause());
        }
    }

    private static DedupeUnavailableException unavailable(Throwable cause) {
        return cause instanceof DedupeUnavailableException unavailable
                ? unavailable
                : new DedupeUnavailableException("Redis failed: " + cause.getMessage(), cause);
    }

    private void flushLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            sendWithScripts(batch);
            batch.clear();
        }
        failAll(new DedupeUnavailableException("the Redis dedupe store is closed"));
    }

    /** Sends a batch and completes every reply, loading the scripts and resending once on NOSCRIPT. */
    private void sendWithScripts(List<Pending> batch) {
        List<Pending> noScript = send(batch);
        if (!noScript.isEmpty() && loadScripts(noScript)) {
            send(noScript).forEach(p -> p.reply().completeExceptionally(
                    new DedupeUnavailableException("Redis still lacks the dedupe scripts after loading them")));
        }
    }

    /** Sends a batch in one pipeline and completes each reply; returns those that failed with NOSCRIPT. */
    private List<Pending> send(List<Pending> batch) {
        List<Pending> noScript = new ArrayList<>();
        try (AbstractPipeline pipeline = client.pipelined()) {
            List<Response<?>> responses = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                responses.add(pending.command().apply(pipeline));
            }
            pipeline.sync();
            for (int i = 0; i < batch.size(); i++) {
                Pending pending = batch.get(i);
                try {
                    pending.reply().complete(responses.get(i).get());
                } catch (JedisDataException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                        noScript.add(pending);
                    } else {
                        pending.reply().completeExceptionally(e);
                    }
                }
            }
        } catch (JedisException | IllegalStateException e) {
            DedupeUnavailableException unavailable = new DedupeUnavailableException("Redis is unreachable: " + e.getMessage(), e);
            batch.stream().filter(p -> !p.reply().isDone()).forEach(p -> p.reply().completeExceptionally(unavailable));
            noScript.clear();
        }
        return noScript;
    }

    private boolean loadScripts(List<Pending> waiting) {
        try {
            for (String script : scripts) {
                client.scriptLoad(script);
            }
            return true;
        } catch (JedisException e) {
            DedupeUnavailableException unavailable = new DedupeUnavailableException("loading the dedupe scripts into Redis failed", e);
            waiting.forEach(p -> p.reply().completeExceptionally(unavailable));
            return false;
        }
    }

    private void failAll(DedupeUnavailableException error) {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.reply().completeExceptionally(error));
    }

    @Override
    public void close() {
        closed = true;
        flushers.forEach(Thread::interrupt);
        failAll(new DedupeUnavailableException("the Redis dedupe store is closed"));
    }
}
