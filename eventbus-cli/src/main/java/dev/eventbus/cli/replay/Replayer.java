package dev.eventbus.cli.replay;

import dev.eventbus.cli.failure.DedupeView;
import dev.eventbus.worker.dedupe.EventKeys;
import dev.eventbus.cli.failure.FailureInfo;
import dev.eventbus.cli.failure.WorkerRecords;
import dev.eventbus.cli.read.DeadLetters;
import dev.eventbus.cli.read.DeadMessage;
import dev.eventbus.cli.read.DlqRead;
import dev.eventbus.cli.read.DlqReader;
import dev.eventbus.cli.read.MessageFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Moves matching DLQ messages to a destination queue: for each batch read, it sends the matching
 * messages (same body, same attributes without {@code eventbus.failure}, plus {@code eventbus.replay_id})
 * with SendMessageBatch and only then deletes from the DLQ those SQS accepted. A crash between the two
 * leaves a message in both queues, never in neither; replaying it again sends a second copy with the
 * same event id, which the consumer's dedupe acks as a duplicate. Messages not matching, or not sent,
 * stay in the DLQ (released when the read ends). Thread-safe: the reader's receivers call it at once.
 */
final class Replayer {

    /** The attribute a replayed message carries (CONTRACT 6). */
    static final String REPLAY_ATTRIBUTE = "eventbus.replay_id";
    private static final int SQS_MAX_ATTRIBUTES = 10;

    /** A message sent to the destination, with what its event's records said just before. */
    record Sent(DeadMessage message, String sentMessageId, EventKeys keys, DedupeView before, FailureInfo failureBefore) {}

    /** What one pass did. */
    static final class Result {
        final AtomicLong read = new AtomicLong();
        final AtomicLong matched = new AtomicLong();
        final AtomicLong replayed = new AtomicLong();
        final AtomicLong sendFailed = new AtomicLong();
        final AtomicLong deleteFailed = new AtomicLong();
        final AtomicLong tooManyAttributes = new AtomicLong();
        final AtomicLong forced = new AtomicLong();
        final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        final List<Prediction> predictions = Collections.synchronizedList(new ArrayList<>());
        final List<String> forcedEventIds = Collections.synchronizedList(new ArrayList<>());
        final List<String> sendErrors = Collections.synchronizedList(new ArrayList<>());
        long returnedEarly;
        double seconds;

        /** This pass and a later one together. */
        Result plus(Result later) {
            Result sum = new Result();
            sum.read.set(later.read.get() + replayed.get()); // the later pass read again what this one left
            sum.matched.set(matched.get() + later.matched.get());
            sum.replayed.set(replayed.get() + later.replayed.get());
            sum.sendFailed.set(sendFailed.get() + later.sendFailed.get());
            sum.deleteFailed.set(deleteFailed.get() + later.deleteFailed.get());
            sum.tooManyAttributes.set(tooManyAttributes.get() + later.tooManyAttributes.get());
            sum.forced.set(forced.get() + later.forced.get());
            sum.forcedEventIds.addAll(forcedEventIds);
            sum.forcedEventIds.addAll(later.forcedEventIds);
            sum.sendErrors.addAll(sendErrors);
            sum.sendErrors.addAll(later.sendErrors);
            sum.returnedEarly = returnedEarly + later.returnedEarly;
            sum.seconds = seconds + later.seconds;
            return sum;
        }

        long failed() {
            return sendFailed.get() + tooManyAttributes.get();
        }

        Map<String, Long> counts() {
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("matched", matched.get());
            c.put("replayed", replayed.get());
            c.put("send_failed", sendFailed.get());
            c.put("too_many_attributes", tooManyAttributes.get());
            c.put("delete_failed", deleteFailed.get());
            c.put("forced", forced.get());
            return c;
        }
    }

    private final SqsClient sqs;
    private final DlqRead dlq;
    private final String destinationUrl;
    private final MessageFilter filter;
    private final RateLimiter rate;
    private final boolean force;
    private final String replayId;
    private final Clock clock;

    Replayer(SqsClient sqs, DlqRead dlq, String destinationUrl, MessageFilter filter, RateLimiter rate, boolean force, String replayId,
            Clock clock) {
        this.sqs = sqs;
        this.dlq = dlq;
        this.destinationUrl = destinationUrl;
        this.filter = filter;
        this.rate = rate;
        this.force = force;
        this.replayId = replayId;
        this.clock = clock;
    }

    /**
     * Reads the DLQ once and replays up to {@code limit} matching messages (0: all); with
     * {@code observe}, remembers each sent message and its event's state before, for canaries.
     */
    Result replay(long limit, boolean observe) {
        Result result = new Result();
        AtomicLong left = new AtomicLong(limit == 0 ? Long.MAX_VALUE : limit);
        long started = System.nanoTime();
        try (DlqReader.Scan scan = dlq.scan("replaying")) {
            scan.run((batch, s) -> replayBatch(batch, s, left, observe, result));
            result.read.set(scan.read());
            result.returnedEarly = scan.returnedEarly();
        }
        result.seconds = (System.nanoTime() - started) / 1e9;
        return result;
    }

    /** Reads the DLQ once and predicts, for up to {@code limit} matching messages, what the consumer will do; changes nothing. */
    Result predict(long limit) {
        Result result = new Result();
        AtomicLong left = new AtomicLong(limit == 0 ? Long.MAX_VALUE : limit);
        long started = System.nanoTime();
        try (DlqReader.Scan scan = dlq.scan("checking")) {
            scan.run((batch, s) -> {
                for (DeadMessage m : take(matching(batch), left, s)) {
                    result.matched.incrementAndGet();
                    result.predictions.add(Prediction.of(m, dlq.letters(), force));
                }
                return List.of();
            });
            result.read.set(scan.read());
            result.returnedEarly = scan.returnedEarly();
        }
        result.seconds = (System.nanoTime() - started) / 1e9;
        return result;
    }

    private List<String> replayBatch(List<software.amazon.awssdk.services.sqs.model.Message> batch, DlqReader.Scan scan, AtomicLong left,
            boolean observe, Result result) throws InterruptedException {
        List<DeadMessage> chosen = take(matching(batch), left, scan);
        result.matched.addAndGet(chosen.size());
        List<String> removed = new ArrayList<>();
        int size = rate.batchSize();
        for (int from = 0; from < chosen.size(); from += size) {
            List<DeadMessage> chunk = chosen.subList(from, Math.min(chosen.size(), from + size));
            removed.addAll(sendThenDelete(chunk, scan, observe, result));
        }
        return removed;
    }

    private List<DeadMessage> matching(List<software.amazon.awssdk.services.sqs.model.Message> batch) {
        Instant now = Instant.now(clock);
        return dlq.letters().decode(batch).stream().filter(m -> filter.matches(m, now)).toList();
    }

    /** The first of {@code candidates} the limit still allows; stops the read when the limit is reached. */
    private static List<DeadMessage> take(List<DeadMessage> candidates, AtomicLong left, DlqReader.Scan scan) {
        while (true) {
            long now = left.get();
            long n = Math.min(now, candidates.size());
            if (left.compareAndSet(now, now - n)) {
                if (now - n == 0) {
                    scan.stop();
                }
                return candidates.subList(0, (int) n);
            }
        }
    }

    private List<String> sendThenDelete(List<DeadMessage> chunk, DlqReader.Scan scan, boolean observe, Result result)
            throws InterruptedException {
        WorkerRecords records = dlq.letters().records();
        List<DeadMessage> sendable = new ArrayList<>(chunk.size());
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        List<Optional<EventKeys>> keys = new ArrayList<>(chunk.size());
        List<DedupeView> before = new ArrayList<>(chunk.size());
        List<FailureInfo> failureBefore = new ArrayList<>(chunk.size());
        for (DeadMessage m : chunk) {
            Map<String, MessageAttributeValue> attributes = replayAttributes(m);
            if (attributes.size() > SQS_MAX_ATTRIBUTES) {
                result.tooManyAttributes.incrementAndGet();
                continue;
            }
            Optional<EventKeys> k = dlq.letters().keys(m);
            DedupeView state = null;
            if ((force || observe) && k.isPresent()) {
                state = records.inspect(k.get()).orElse(null);
                if (force && state != null && state.status() == DedupeView.Status.DONE && records.forget(k.get())) {
                    result.forced.incrementAndGet();
                    result.forcedEventIds.add(String.valueOf(m.eventId()));
                }
            }
            sendable.add(m);
            keys.add(k);
            before.add(state);
            failureBefore.add(observe && k.isPresent() ? records.lastFailure(k.get()).orElse(null) : null);
            entries.add(entry(entries.size(), m, attributes));
        }
        if (entries.isEmpty()) {
            return List.of();
        }
        rate.acquire(entries.size());
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(r -> r.queueUrl(destinationUrl).entries(entries));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            result.sendFailed.addAndGet(entries.size());
            result.sendErrors.add(e.getMessage());
            return List.of();
        }
        response.failed().forEach(f -> {
            result.sendFailed.incrementAndGet();
            result.sendErrors.add(f.code() + ": " + f.message());
        });
        List<Map.Entry<String, String>> toDelete = new ArrayList<>();
        for (var ok : response.successful()) {
            int i = Integer.parseInt(ok.id());
            DeadMessage m = sendable.get(i);
            toDelete.add(Map.entry(m.messageId(), m.message().receiptHandle()));
            if (observe) {
                result.sent.add(new Sent(m, ok.messageId(), keys.get(i).orElse(null), before.get(i), failureBefore.get(i)));
            }
        }
        List<String> deleted;
        try {
            deleted = scan.delete(toDelete);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            deleted = List.of();
        }
        result.replayed.addAndGet(toDelete.size());
        result.deleteFailed.addAndGet(toDelete.size() - deleted.size());
        return deleted;
    }

    private SendMessageBatchRequestEntry entry(int index, DeadMessage m, Map<String, MessageAttributeValue> attributes) {
        SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(index))
                .messageBody(m.body())
                .messageAttributes(attributes);
        if (destinationUrl.endsWith(".fifo")) {
            String group = m.message().attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            b.messageGroupId(group != null ? group : "eventbus-replay").messageDeduplicationId(replayId + "-" + m.messageId());
        }
        return b.build();
    }

    /** The message's attributes for its replay: all it had, less the failure, plus the replay id. */
    Map<String, MessageAttributeValue> replayAttributes(DeadMessage m) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(m.attributes());
        attributes.remove(WorkerRecords.FAILURE_ATTRIBUTE);
        attributes.put(REPLAY_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(replayId).build());
        return attributes;
    }
}
