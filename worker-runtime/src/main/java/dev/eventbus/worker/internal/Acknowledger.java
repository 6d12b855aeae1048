package dev.eventbus.worker.internal;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.MalformedEnvelopeException;
import dev.eventbus.worker.DeadLetter;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.dedupe.Claim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Carries out outcomes against SQS: deletes (batched with DeleteMessageBatch, each batch's dedupe
 * claims marked done in one call just before), visibility changes for retries and releases (batched
 * with ChangeMessageVisibilityBatch), and dead letters (sent to the DLQ with the original body and
 * attributes plus a {@link DeadLetter} attribute, then deleted).
 *
 * <p>A batch goes out when it holds 10 entries, on the thread that filled it, or after the flush
 * interval, on the acknowledger's timer. {@link #close()} lets a flush in progress finish and then
 * sends everything still pending, giving up (and saying how much) only after a bounded time; nothing
 * it owes is aborted by the shutdown itself. A message whose dead letter cannot be sent is never
 * deleted. Thread-safe.
 */
public final class Acknowledger implements AutoCloseable {

    /** How long {@link #close()} keeps sending what is pending. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Acknowledger.class);
    private static final int SQS_BATCH = 10;

    private record VisibilityChange(String receiptHandle, int seconds) {}

    /** A message to delete, and the claim to mark done just before (or {@code null}). */
    private record Delete(String receiptHandle, Claim.Claimed complete) {}

    private final SqsClient sqs;
    private final String queueUrl;
    private final String consumer;
    private final String dlqUrl;
    private final Clock clock;
    private final EnvelopeCodec codec;
    private final WorkerListener listener;
    private final Consumer<List<Claim.Claimed>> completer;
    private final BatchBuffer<Delete> deletes;
    private final BatchBuffer<VisibilityChange> visibility;
    private final ScheduledExecutorService timer;

    /**
     * An acknowledger that hands the dedupe claims of messages it is about to delete to
     * {@code completer} first, in one call per batch of deletes (a no-op without a dedupe store).
     */
    public Acknowledger(SqsClient sqs, String queueUrl, String consumer, String dlqUrl, Duration flushInterval, Clock clock,
            EnvelopeCodec codec, WorkerListener listener, Consumer<List<Claim.Claimed>> completer) {
        this.completer = completer;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.consumer = consumer;
        this.dlqUrl = dlqUrl;
        this.clock = clock;
        this.codec = codec;
        this.listener = listener;
        this.deletes = new BatchBuffer<>(SQS_BATCH, this::sendDeletes);
        this.visibility = new BatchBuffer<>(SQS_BATCH, this::sendVisibilityChanges);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("eventbus-ack-timer").factory());
        long millis = flushInterval.toMillis();
        timer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Carries out one outcome (blocking only to send a dead letter or a full batch). */
    public void submit(Delivery delivery, Outcome outcome) {
        submit(delivery, outcome, null);
    }

    /**
     * Carries out one outcome, marking {@code complete} (a dedupe claim, may be {@code null}) done
     * first: in the same store call as the rest of its delete batch when the message is deleted, at
     * once otherwise.
     */
    public void submit(Delivery delivery, Outcome outcome, Claim.Claimed complete) {
        if (complete != null && !(outcome instanceof Outcome.Acked || outcome instanceof Outcome.Duplicate)) {
            completer.accept(List.of(complete));
            complete = null;
        }
        switch (outcome) {
            case Outcome.Acked acked -> deletes.add(new Delete(delivery.receiptHandle(), complete));
            case Outcome.Duplicate duplicate -> deletes.add(new Delete(delivery.receiptHandle(), complete));
            case Outcome.Skipped skipped -> deletes.add(new Delete(delivery.receiptHandle(), null));
            case Outcome.RetryLater retry -> visibility.add(new VisibilityChange(delivery.receiptHandle(), seconds(retry.delay())));
            case Outcome.Released released -> visibility.add(new VisibilityChange(delivery.receiptHandle(), 0));
            case Outcome.DeadLettered dead -> deadLetter(delivery, dead);
            case Outcome.LeaseLost lost -> { }
        }
    }

    /** Sends every pending delete and visibility change now. */
    public void flush() {
        deletes.flush();
        visibility.flush();
    }

    /**
     * Lets a flush in progress finish, then sends every pending delete and visibility change, for at
     * most {@link #CLOSE_TIMEOUT}; what is left after that is logged with its count.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        timer.shutdown();
        try {
            if (!timer.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("a flush of acknowledgements still runs after {} s; sending the rest beside it", CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Releases first: those messages should be visible again at once.
        int changesLeft = visibility.flush(deadline);
        int deletesLeft = deletes.flush(deadline);
        if (deletesLeft + changesLeft > 0) {
            log.warn("stopping after {} s with {} deletes and {} visibility changes not sent; those messages return after their"
                    + " visibility timeout (handled ones are then acked as duplicates)", CLOSE_TIMEOUT.toSeconds(), deletesLeft,
                    changesLeft);
        }
    }

    private void deadLetter(Delivery delivery, Outcome.DeadLettered dead) {
        Failure failure = dead.failure();
        if (dlqUrl == null) {
            log.error("message {} cannot be dead-lettered ({}): the queue has no DLQ. It stays on the queue.",
                    delivery.messageId(), failure.reason().code());
            listener.deadLetterFailed(failure);
            visibility.add(new VisibilityChange(delivery.receiptHandle(), (int) Duration.ofMinutes(15).toSeconds()));
            return;
        }
        Envelope envelope = envelopeOf(delivery);
        DeadLetter letter = DeadLetter.of(failure, consumer, delivery.receiveCount(), Instant.now(clock), delivery.messageId(),
                queueUrl, envelope == null ? null : envelope.id(), dead.dedupeKey());
        Map<String, MessageAttributeValue> attributes = letter.messageAttributes(delivery.messageAttributes(),
                envelope == null ? null : envelope.event(), envelope == null ? null : envelope.version().toString());
        try {
            sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody(delivery.body()).messageAttributes(attributes));
        } catch (SdkException e) {
            log.error("sending message {} to the DLQ failed ({}); it stays on the queue and is retried after its visibility timeout",
                    delivery.messageId(), e.getMessage());
            listener.deadLetterFailed(failure);
            return;
        }
        listener.deadLettered(failure);
        deletes.add(new Delete(delivery.receiptHandle(), null));
    }

    /**
     * The envelope of a dead letter, so its type and version are attributes even when decoding stopped
     * before the delivery carried it (an unsupported major, say); {@code null} when the body is not one.
     */
    private Envelope envelopeOf(Delivery delivery) {
        if (delivery.envelope() != null) {
            return delivery.envelope();
        }
        try {
            return codec.decode(delivery.body());
        } catch (MalformedEnvelopeException e) {
            return null;
        }
    }

    private void sendDeletes(List<Delete> batch) {
        List<Claim.Claimed> claims = new ArrayList<>(batch.size());
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Delete delete = batch.get(i);
            if (delete.complete() != null) {
                claims.add(delete.complete());
            }
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(delete.receiptHandle()).build());
        }
        if (!claims.isEmpty()) {
            completer.accept(claims);
        }
        try {
            List<BatchResultErrorEntry> failed = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
            listener.deleted(entries.size() - failed.size());
            for (BatchResultErrorEntry entry : failed) {
                // The message will come back after its visibility timeout and be acked as a duplicate.
                log.warn("delete failed ({}: {}); the message will be redelivered and deduplicated", entry.code(), entry.message());
                listener.deleteFailed(entry.code());
            }
        } catch (SdkException e) {
            log.warn("DeleteMessageBatch of {} messages failed ({}); they will be redelivered and deduplicated", entries.size(), e.getMessage());
            listener.deleteFailed(e.getClass().getSimpleName());
        }
    }

    private void sendVisibilityChanges(List<VisibilityChange> changes) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(changes.get(i).receiptHandle())
                    .visibilityTimeout(changes.get(i).seconds())
                    .build());
        }
        try {
            for (BatchResultErrorEntry entry : sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()) {
                log.warn("visibility change failed ({}: {}); the message returns after its current visibility timeout",
                        entry.code(), entry.message());
            }
        } catch (SdkException e) {
            log.warn("ChangeMessageVisibilityBatch of {} messages failed ({}); they return after their current visibility timeout",
                    entries.size(), e.getMessage());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("flushing acknowledgements failed", e);
        }
    }

    private static int seconds(Duration delay) {
        long seconds = (delay.toMillis() + 999) / 1000;
        return (int) Math.min(seconds, Duration.ofHours(12).toSeconds());
    }
}
