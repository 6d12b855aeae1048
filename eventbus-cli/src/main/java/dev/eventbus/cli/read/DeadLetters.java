package dev.eventbus.cli.read;

import dev.eventbus.worker.dedupe.EventKeys;
import dev.eventbus.cli.failure.FailureInfo;
import dev.eventbus.cli.failure.WorkerRecords;
import dev.eventbus.envelope.EnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Turns received DLQ messages into {@link DeadMessage}s, completing what the dead letters do not carry
 * from the worker's records: a message the redrive policy moved (no failure attribute) gets its event's
 * failure record when Redis has one. Knows which consumer's keys to read: the one the failure names,
 * else {@code --consumer}, else the queue the message came from (a worker's default consumer name).
 */
public final class DeadLetters {

    private final EnvelopeCodec codec;
    private final WorkerRecords records;
    private final String consumerOption;
    private final String sourceName;

    public DeadLetters(EnvelopeCodec codec, WorkerRecords records, String consumerOption, String sourceName) {
        this.codec = codec;
        this.records = records;
        this.consumerOption = consumerOption;
        this.sourceName = sourceName;
    }

    public WorkerRecords records() {
        return records;
    }

    public List<DeadMessage> decode(List<Message> batch) {
        List<DeadMessage> decoded = new ArrayList<>(batch.size());
        for (Message message : batch) {
            DeadMessage m = DeadMessage.of(message, codec);
            if (m.failure() == null && records.connected()) {
                Optional<EventKeys> keys = keys(m);
                if (keys.isPresent()) {
                    Optional<FailureInfo> recorded = records.lastFailure(keys.get());
                    if (recorded.isPresent()) {
                        m = m.withFailure(recorded.get());
                    }
                }
            }
            decoded.add(m);
        }
        return decoded;
    }

    /** The consumer whose keys this message has, or {@code null} when nothing tells. */
    public String consumerOf(DeadMessage m) {
        if (m.failure() != null && m.failure().consumer() != null && !m.failure().consumer().isBlank()) {
            return m.failure().consumer();
        }
        if (consumerOption != null) {
            return consumerOption;
        }
        String arn = m.deadLetterSourceArn();
        if (arn != null && arn.contains(":")) {
            return arn.substring(arn.lastIndexOf(':') + 1);
        }
        return sourceName;
    }

    /** The event's keys at its consumer; empty when the body is no envelope or the consumer is unknown. */
    public Optional<EventKeys> keys(DeadMessage m) {
        String consumer = consumerOf(m);
        if (m.envelope() == null || consumer == null) {
            return Optional.empty();
        }
        // a message keyed by its SQS id was keyed by its id on the queue it failed on (a redrive keeps it)
        String messageId = m.failure() != null && m.failure().sourceMessageId() != null ? m.failure().sourceMessageId() : m.messageId();
        return Optional.of(records.keys(consumer, m.envelope(), messageId));
    }
}
