package dev.eventbus.worker.internal;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.MalformedEnvelopeException;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.dedupe.Claim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * with ChangeMessageVisibilityBatch), and dead letters (sent to the DLQ with the failure's attributes,
 * then deleted).
 *
 * <p>A batch goes out when it holds 10 entries, on the thread that filled it, or after the flush
 * interval, on the acknowledger's timer; {@link #close()} flushes everything pending. A message whose
 * dead letter cannot be sent is never deleted. Thread-safe.
 */
public final class Acknowledger implements AutoCloseable {

    /** Attribute names on a dead-lettered message, beside EventType and EventVersion. */
    public static final String REASON = "reason";
    public static final String ERROR_CLASS = "error_class";
    public static final String ERROR_MESSAGE = "error_message";
    public static final String FINGERPRINT = "fingerprint";
    public static final String HANDLER = "handler";
    public static final String ATTEMPTS = "attempts";
    public static final String FAILED_AT = "failed_at";
    public static final String SOURCE_QUEUE = "source_queue";

    private static final Logger log = LoggerFactory.getLogger(Acknowledger.class);
    private static final int SQS_BATCH = 10;

    private record VisibilityChange(String receiptHandle, int seconds) {}

    /** A message to delete, and the claim to mark done just before (or {@code null}). */
    private record Delete(String receiptHandle, Claim.Claimed complete) {}

    private final SqsClient sqs;
    private final String queueUrl;
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
    public Acknowledger(SqsClient sqs, String queueUrl, String dlqUrl, Duration flushInterval, Clock clock, EnvelopeCodec codec,
            WorkerListener listener, Consumer<List<Claim.Claimed>> completer) {
        this.completer = completer;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
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
            case Outcome.RetryLater retry -> visibility.add(new VisibilityChange(delivery.receiptHandle(), seconds(retry.delay())));
            case Outcome.Released released -> visibility.add(new VisibilityChange(delivery.receiptHandle(), 0));
            case Outcome.DeadLettered dead -> deadLetter(delivery, dead.failure());
            case Outcome.LeaseLost lost -> { }
        }
    }

    /** Sends every pending delete and visibility change now. */
    public void flush() {
        deletes.flush();
        visibility.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }

    private void deadLetter(Delivery delivery, Failure failure) {
        if (dlqUrl == null) {
            log.error("message {} cannot be dead-lettered ({}): the queue has no DLQ. It stays on the queue.",
                    delivery.messageId(), failure.reason().code());
            listener.deadLetterFailed(failure);
            visibility.add(new VisibilityChange(delivery.receiptHandle(), (int) Duration.ofMinutes(15).toSeconds()));
            return;
        }
        try {
            sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody(delivery.body()).messageAttributes(deadLetterAttributes(delivery, failure)));
        } catch (SdkException e) {
            log.error("sending message {} to the DLQ failed ({}); it stays on the queue and is retried after its visibility timeout",
                    delivery.messageId(), e.getMessage());
            listener.deadLetterFailed(failure);
            return;
        }
        listener.deadLettered(failure);
        deletes.add(new Delete(delivery.receiptHandle(), null));
    }

    private Map<String, MessageAttributeValue> deadLetterAttributes(Delivery delivery, Failure failure) {
        Map<String, String> values = new LinkedHashMap<>();
        Envelope envelope = envelopeOf(delivery);
        if (envelope != null) {
            values.put(MessageAttributes.EVENT_TYPE, envelope.event());
            values.put(MessageAttributes.EVENT_VERSION, envelope.version().toString());
        } else {
            values.put(MessageAttributes.EVENT_TYPE, delivery.eventType());
            values.put(MessageAttributes.EVENT_VERSION, delivery.attributes().getOrDefault(MessageAttributes.EVENT_VERSION, ""));
        }
        values.put(REASON, failure.reason().code());
        values.put(ERROR_CLASS, failure.errorClass());
        values.put(ERROR_MESSAGE, failure.message());
        values.put(FINGERPRINT, failure.fingerprint());
        values.put(HANDLER, failure.handler());
        values.put(ATTEMPTS, Integer.toString(delivery.receiveCount()));
        values.put(FAILED_AT, Instant.now(clock).toString());
        values.put(SOURCE_QUEUE, queueUrl);
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String clean = printable(value);
            if (!clean.isEmpty()) {
                attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(clean).build());
            }
        });
        return attributes;
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

    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || (c >= 0x7f && c < 0xa0) ? ' ' : c));
        return out.toString().strip();
    }
}
