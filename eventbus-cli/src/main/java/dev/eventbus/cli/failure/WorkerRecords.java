package dev.eventbus.cli.failure;

import dev.eventbus.cli.CliException;
import dev.eventbus.envelope.Envelope;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.DeadLetter;
import dev.eventbus.worker.dedupe.DedupeKeys;
import dev.eventbus.worker.dedupe.DedupeState;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.EventKeys;
import dev.eventbus.worker.dedupe.FailureRecord;
import dev.eventbus.worker.dedupe.Forgotten;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The worker's records of an event, read through worker-runtime's public API only: a dead letter's
 * failure attribute ({@link DeadLetter}), the event's keys ({@link DedupeKeys}), and its failure record
 * and dedupe state in the store ({@link DedupeStore}: Redis). Thread-safe when the store is; blocking (one
 * store round trip per call).
 */
public final class WorkerRecords implements AutoCloseable {

    /** The attribute the worker puts on a dead letter. */
    public static final String FAILURE_ATTRIBUTE = DeadLetter.FAILURE_ATTRIBUTE;

    private final DedupeStore store;
    private final EventCatalog catalog;

    /** Records read from {@code store} ({@code null}: no Redis, only what dead letters carry), keyed with {@code catalog}. */
    public WorkerRecords(DedupeStore store, EventCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /**
     * The failure a dead letter carries in its {@code eventbus.failure} attribute, if it has one; an
     * attribute that is not a dead letter's JSON counts as none.
     */
    public static Optional<FailureInfo> fromAttributes(Map<String, MessageAttributeValue> attributes) {
        try {
            return DeadLetter.fromAttributes(attributes).map(WorkerRecords::info);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a store was given (with {@code --redis} or {@code EVENTBUS_REDIS_URL}). */
    public boolean connected() {
        return store != null;
    }

    /**
     * The keys of an event at {@code consumer} as a worker keys it (event id, else the catalog's business
     * key, else {@code messageId}: the message's id on the queue it failed on).
     */
    public EventKeys keys(String consumer, Envelope envelope, String messageId) {
        return DedupeKeys.of(consumer, catalog, envelope, messageId);
    }

    /** The event's failure record, with every attempt it keeps, if the store still has it. */
    public Optional<FailureInfo> lastFailure(EventKeys keys) {
        return requireStore().lastFailure(keys.failureKey()).map(WorkerRecords::info);
    }

    /** The event's dedupe state; empty without a store. */
    public Optional<DedupeView> inspect(EventKeys keys) {
        if (store == null) {
            return Optional.empty();
        }
        DedupeState state = store.inspect(keys.claimKey());
        DedupeView.Status status = switch (state.status()) {
            case NEVER_SEEN -> DedupeView.Status.NEVER_SEEN;
            case CLAIMED -> DedupeView.Status.CLAIMED;
            case DONE -> DedupeView.Status.DONE;
        };
        return Optional.of(new DedupeView(status, state.timeLeft().orElse(null), state.steps()));
    }

    /**
     * Clears the event's done marker and step markers so its next delivery runs the handler again. Answers
     * false, removing nothing, while an attempt holds the event's claim.
     */
    public boolean forget(EventKeys keys) {
        Forgotten forgotten = requireStore().forget(keys.claimKey());
        return !forgotten.heldByAttempt();
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

    private static FailureInfo info(DeadLetter d) {
        return new FailureInfo(d.reason().code(), d.errorClass(), d.errorMessage(), d.fingerprint(), d.handler(), d.consumer(),
                d.attempts(), d.failedAt(), d.eventId(), d.dedupeKey(), d.sourceMessageId(), d.droppedAttributes(),
                java.util.List.of(), FailureInfo.Source.ATTRIBUTE);
    }

    private static FailureInfo info(FailureRecord r) {
        return new FailureInfo(r.reason(), r.failure().errorClass(), r.failure().message(), r.failure().fingerprint(), r.failure().handler(),
                r.consumer(), r.attempts(), r.failedAt(), null, null, r.messageId(), java.util.List.of(),
                r.history().stream().map(a -> new FailureInfo.Attempt(a.attempt(), a.reason().code(), a.errorClass(), a.errorMessage(),
                        a.fingerprint(), a.failedAt())).toList(), FailureInfo.Source.RECORD);
    }
}
