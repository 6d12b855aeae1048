package dev.eventbus.cli.read;

import dev.eventbus.cli.CliException;
import dev.eventbus.cli.output.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Reads a DLQ without disturbing it. Several receivers each ask for batches of ten, with every message
 * attribute and system attribute; a message read is hidden ({@code --hold}) only while the read runs,
 * so the receivers move on through the queue instead of meeting the same messages again, and is
 * released (visibility 0) the moment the read ends: normally, on an error, or on Ctrl-C. A message is
 * deleted only when a command's handler moved or purged it. If the process is killed, what it held
 * becomes visible again by itself when the hold runs out.
 *
 * <p>On a server where releasing is slow (ElasticMQ with a large DLQ, see {@code chooseRelease}), the read
 * hides each message for ten seconds at most and lets the holds run out rather than releasing them.
 *
 * <p>A read ends when the queue has no visible message left (a long poll of one second answered
 * nothing), when {@code max} messages were read, when a handler stops it, or when the receivers start
 * meeting messages they already read (the hold ran out before the read ended; {@link Scan#returnedEarly()}
 * counts them and the command warns).
 */
public final class DlqReader {

    /** How to read: receivers in parallel, at most {@code max} messages (0: all), each hidden for {@code hold}. */
    public record Settings(int receivers, long max, Duration hold, Duration longPoll) {
        public static final int DEFAULT_RECEIVERS = 8;
        public static final Duration DEFAULT_HOLD = Duration.ofMinutes(2);
        public static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

        public Settings {
            if (receivers < 1 || receivers > 64) {
                throw CliException.usage("--receivers must be between 1 and 64, was " + receivers);
            }
            if (max < 0) {
                throw CliException.usage("--max must be 0 (all) or more, was " + max);
            }
            if (hold.toSeconds() < 1 || hold.toHours() >= 12) {
                throw CliException.usage("--hold must be between 1s and 12h (SQS's visibility timeout limits), was " + hold);
            }
        }
    }

    /**
     * What a command does with each batch of messages the read has not seen before; it answers the
     * message ids it removed from the DLQ (moved or deleted), which are then no longer held.
     */
    @FunctionalInterface
    public interface Handler {
        Collection<String> handle(List<Message> batch, Scan scan) throws Exception;
    }

    private static final int SQS_BATCH = 10;
    /** Releasing ten messages slower than this (and than ten receives) makes a read let its holds expire instead. */
    static final Duration SLOW_RELEASE = Duration.ofMillis(100);
    /** The hold of a read that lets its holds expire: the longest its messages stay hidden after it. */
    static final Duration EXPIRING_HOLD = Duration.ofSeconds(10);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Settings settings;

    public DlqReader(SqsClient sqs, String queueUrl, Settings settings) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Starts a read; close it to release what it still holds. */
    public Scan open(Progress progress, java.io.PrintWriter notes) {
        return new Scan(progress, notes);
    }

    /** One read of the DLQ and the messages it holds hidden until it is closed. */
    public final class Scan implements AutoCloseable {
        private final Progress progress;
        /** message id -> its newest receipt handle, for messages read and still in the DLQ. */
        private final Map<String, String> held = new ConcurrentHashMap<>();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final AtomicLong remaining;
        private final AtomicLong returnedEarly = new AtomicLong();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Thread releaseOnExit = new Thread(this::release, "eventbus-release-on-exit");
        private long releaseFailures;
        /** How long each receive hides what it returns; shortened when this server releases slowly. */
        private volatile Duration hold = settings.hold();
        private volatile boolean releaseAtEnd = true;

        private final java.io.PrintWriter notes;

        private Scan(Progress progress, java.io.PrintWriter notes) {
            this.progress = progress;
            this.notes = notes;
            this.remaining = new AtomicLong(settings.max() == 0 ? Long.MAX_VALUE : settings.max());
            Runtime.getRuntime().addShutdownHook(releaseOnExit);
        }

        /** Reads until the read ends (see the class documentation), handing each new batch to {@code handler}. */
        public Scan run(Handler handler) {
            chooseRelease();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (ExecutorService receivers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < settings.receivers(); i++) {
                    running.add(receivers.submit(() -> {
                        try {
                            receiveLoop(handler);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                            stop();
                        }
                    }));
                }
            }
            Throwable e = failure.get();
            if (e instanceof CliException cli) {
                throw cli;
            }
            if (e instanceof SdkException sdk) {
                throw CliException.refused("reading " + queueUrl + " failed: " + sdk.getMessage(), sdk);
            }
            if (e != null) {
                throw CliException.refused("reading " + queueUrl + " failed: " + e, e);
            }
            return this;
        }

        private void receiveLoop(Handler handler) throws Exception {
            while (!stopped.get()) {
                int want = reserve();
                if (want == 0) {
                    return;
                }
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                                .maxNumberOfMessages(want)
                                .waitTimeSeconds((int) settings.longPoll().toSeconds())
                                .visibilityTimeout((int) hold.toSeconds())
                                .messageAttributeNames("All")
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                        .messages();
                List<Message> fresh = new ArrayList<>(messages.size());
                for (Message m : messages) {
                    held.put(m.messageId(), m.receiptHandle());
                    if (seen.add(m.messageId())) {
                        fresh.add(m);
                    } else {
                        returnedEarly.incrementAndGet();
                    }
                }
                remaining.addAndGet(want - fresh.size());
                if (fresh.isEmpty()) {
                    // Nothing visible is left, or only what this read already holds came back: the read is over.
                    return;
                }
                Collection<String> removed = handler.handle(fresh, this);
                removed.forEach(held::remove);
                progress.advance(fresh.size());
            }
        }

        private int reserve() {
            while (true) {
                long left = remaining.get();
                if (left <= 0) {
                    return 0;
                }
                int want = (int) Math.min(SQS_BATCH, left);
                if (remaining.compareAndSet(left, left - want)) {
                    return want;
                }
            }
        }

        /** Ends the read after the batches in progress. */
        public void stop() {
            stopped.set(true);
        }

        public boolean stopped() {
            return stopped.get();
        }

        /** Messages read, each counted once. */
        public long read() {
            return seen.size();
        }

        /**
         * Messages that came back while the read ran because their hold ran out (never when holds are left to
         * expire, see {@link #releasesByExpiry()}: on such a server they come back after every unread message).
         */
        public long returnedEarly() {
            return releaseAtEnd ? returnedEarly.get() : 0;
        }

        /** True when this read leaves its messages to reappear when their short hold runs out instead of releasing them. */
        public boolean releasesByExpiry() {
            return !releaseAtEnd;
        }

        /** How long the messages read stay hidden at most after the read. */
        public Duration hold() {
            return hold;
        }

        /**
         * Measures what releasing costs on this server, with one batch received and released at once. SQS
         * releases ten messages in about the time of a receive. ElasticMQ rebuilds its whole queue for every
         * message whose visibility is shortened (its own code says so), so releasing a large DLQ takes time
         * quadratic in its size; but it also returns messages in order of when they become visible, so a hold
         * that runs out during the read returns those messages only after every unread one. There the read
         * holds each message for {@link #EXPIRING_HOLD} and lets the holds run out instead of releasing.
         */
        private void chooseRelease() {
            long t0 = System.nanoTime();
            List<Message> probe = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(SQS_BATCH)
                    .waitTimeSeconds(0).visibilityTimeout((int) hold.toSeconds())).messages();
            long receiveNanos = System.nanoTime() - t0;
            if (probe.isEmpty()) {
                return;
            }
            long t1 = System.nanoTime();
            releaseBatch(probe.stream().map(m -> Map.entry(m.messageId(), m.receiptHandle())).toList());
            long releaseNanos = System.nanoTime() - t1;
            if (releaseNanos > SLOW_RELEASE.toNanos() && releaseNanos > 10 * receiveNanos) {
                releaseAtEnd = false;
                hold = hold.compareTo(EXPIRING_HOLD) < 0 ? hold : EXPIRING_HOLD;
            }
        }

        /** Messages released back to the queue that SQS refused to release (they come back after their hold). */
        public long releaseFailures() {
            return releaseFailures;
        }

        /** Deletes held messages by id (a purge), in batches of ten; answers the ids deleted. */
        public List<String> deleteHeld(Collection<String> messageIds) {
            List<String> ids = messageIds.stream().filter(held::containsKey).toList();
            List<String> deleted = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += SQS_BATCH) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + SQS_BATCH));
                deleted.addAll(delete(chunk.stream().map(id -> Map.entry(id, held.get(id))).toList()));
            }
            deleted.forEach(held::remove);
            return deleted;
        }

        /** Deletes received messages ({@code id -> receipt handle}, at most ten); answers the ids SQS deleted. */
        public List<String> delete(List<Map.Entry<String, String>> messages) {
            if (messages.isEmpty()) {
                return List.of();
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(messages.get(i).getValue()).build());
            }
            var response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            List<String> deleted = new ArrayList<>(response.successful().size());
            response.successful().forEach(ok -> deleted.add(messages.get(Integer.parseInt(ok.id())).getKey()));
            return deleted;
        }

        @Override
        public void close() {
            release();
            try {
                Runtime.getRuntime().removeShutdownHook(releaseOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and this hook is running or ran
            }
            progress.close();
            if (!releaseAtEnd && read() > 0) {
                notes.println("note: this server releases messages slowly (ElasticMQ rebuilds its queue for each), so the messages read"
                        + " were hidden for " + hold.toSeconds() + " s at most and become visible again by themselves");
                notes.flush();
            }
        }

        /** Makes every held message visible again at once, in batches of ten from several threads. */
        private void release() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            stop();
            if (!releaseAtEnd) {
                return;
            }
            List<Map.Entry<String, String>> toRelease = new ArrayList<>(held.entrySet());
            AtomicLong failed = new AtomicLong();
            try (ExecutorService pool = Executors.newFixedThreadPool(settings.receivers(), Thread.ofVirtual().factory())) {
                for (int from = 0; from < toRelease.size(); from += SQS_BATCH) {
                    List<Map.Entry<String, String>> chunk = toRelease.subList(from, Math.min(toRelease.size(), from + SQS_BATCH));
                    pool.submit(() -> failed.addAndGet(releaseBatch(chunk)));
                }
            }
            held.clear();
            releaseFailures = failed.get();
        }

        private int releaseBatch(List<Map.Entry<String, String>> chunk) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).getValue()).visibilityTimeout(0).build());
            }
            try {
                List<BatchResultErrorEntry> failed = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
                return failed.size();
            } catch (SdkException e) {
                return chunk.size();
            }
        }
    }
}
