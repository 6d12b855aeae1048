package dev.eventbus.worker.dedupe;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.internal.Digests;
import dev.eventbus.worker.internal.WorkerListener;
import dev.eventbus.worker.retry.Classifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims each event's key before its handler runs, so its effects happen once:
 *
 * <ul>
 *   <li>done before (same payload): acked as a {@link Outcome.Duplicate} without running the handler;
 *       same id with a different payload: dead-lettered as {@code id_reused};
 *   <li>held by another attempt: retried later, after that attempt finishes;
 *   <li>claimed: the handler runs; success marks the key done (for the dedupe TTL), failure releases
 *       it and records the failure under the event's failure key;
 *   <li>store unreachable: the handler does not run, the message is retried later and the circuit
 *       opens, pausing polling until the store answers (fail closed).
 * </ul>
 *
 * <p>When the worker received the message in a batch (its delivery carries a {@link ClaimBatch.Slot}),
 * the claim goes to the store together with the batch's other claims, and marking it done waits for
 * the acknowledger, which marks a batch of events done in one call just before it deletes their
 * messages ({@link #completeAll}). Either way an event is marked done before its message is deleted.
 */
public final class DedupeInterceptor implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger(DedupeInterceptor.class);

    private final DedupeStore store;
    private final String consumer;
    private final Duration lease;
    private final Duration doneTtl;
    private final Duration failureTtl;
    private final Classifier classifier;
    private final StoreCircuit circuit;
    private final WorkerListener listener;
    private final Clock clock;

    public DedupeInterceptor(DedupeStore store, String consumer, Duration lease, Duration doneTtl, Duration failureTtl,
            Classifier classifier, StoreCircuit circuit, WorkerListener listener, Clock clock) {
        this.store = store;
        this.consumer = consumer;
        this.lease = lease;
        this.doneTtl = doneTtl;
        this.failureTtl = failureTtl;
        this.classifier = classifier;
        this.circuit = circuit;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        String event = delivery.envelope().event();
        String keyPart = DedupeKeys.keyPart(delivery);
        String key = DedupeKeys.claimKey(consumer, event, keyPart);
        String payloadHash = Digests.sha256(delivery.envelope().payload().toString(), 16);
        ClaimBatch.Slot slot = delivery.tag(ClaimBatch.Slot.class);
        Claim claim;
        try {
            claim = slot != null ? slot.claim(key, payloadHash, lease) : store.claim(key, payloadHash, lease);
        } catch (DedupeUnavailableException e) {
            return storeDown(e, delivery);
        }
        return switch (claim) {
            case Claim.AlreadyDone done when done.payloadHash().equals(payloadHash) -> {
                listener.duplicate();
                yield Outcome.duplicate();
            }
            case Claim.AlreadyDone done -> new Outcome.DeadLettered(Failure.of(FailureReason.ID_REUSED,
                    "this event was handled before with a different payload: " + keyPart, delivery.registration().name()));
            case Claim.HeldElsewhere held -> classifier.retryLater(Failure.of(FailureReason.IN_PROGRESS_ELSEWHERE,
                    "another attempt holds this event: " + keyPart, delivery.registration().name()), delivery);
            case Claim.Claimed claimed -> {
                Outcome outcome = chain.proceed(delivery
                        .withTag(Claim.Claimed.class, claimed)
                        .withTag(Steps.class, new Steps(store, key, doneTtl)));
                settle(claimed, outcome, delivery, slot, DedupeKeys.failureKey(consumer, event, keyPart));
                yield outcome;
            }
        };
    }

    private void settle(Claim.Claimed claim, Outcome outcome, Delivery delivery, ClaimBatch.Slot slot, String failureKey) {
        try {
            switch (outcome) {
                case Outcome.Acked acked -> {
                    if (slot != null) {
                        slot.completeOnDelete(claim);
                    } else {
                        completeAll(List.of(claim));
                    }
                }
                case Outcome.RetryLater retry -> {
                    store.release(claim);
                    recordFailure(retry.failure(), delivery, claim.key(), failureKey);
                }
                case Outcome.DeadLettered dead -> {
                    store.release(claim);
                    recordFailure(dead.failure(), delivery, claim.key(), failureKey);
                }
                case Outcome.Released released -> store.release(claim);
                case Outcome.Duplicate duplicate -> { }
                case Outcome.LeaseLost lost -> { }
            }
        } catch (DedupeUnavailableException e) {
            // The handler already ran (or failed); the outcome stands. An unreleased claim frees itself
            // when its lease runs out; a missing done marker only matters if a duplicate arrives.
            listener.dedupeStoreFailed();
            circuit.open(e);
            log.warn("settling the dedupe claim of message {} failed ({}); outcome {} stands", delivery.messageId(), e.getMessage(), outcome.name());
        }
    }

    /**
     * Marks handled events done, in one call to the store; the acknowledger calls it just before it
     * deletes their messages, so an event is done before its message can no longer come back. A claim
     * that had expired is reported (the handler may have run twice); a store that cannot answer opens
     * the circuit, and the deletes go ahead: the handlers ran, and a missing done marker only matters if
     * a duplicate arrives.
     */
    public void completeAll(List<Claim.Claimed> claims) {
        if (claims.isEmpty()) {
            return;
        }
        List<Boolean> held;
        try {
            held = store.completeAll(claims, doneTtl);
        } catch (DedupeUnavailableException e) {
            listener.dedupeStoreFailed();
            circuit.open(e);
            log.warn("marking {} handled events done failed ({}); their messages are deleted anyway", claims.size(), e.getMessage());
            return;
        }
        for (int i = 0; i < claims.size(); i++) {
            if (!held.get(i)) {
                listener.leaseLost();
                log.warn("event {} was handled, but its dedupe claim had expired and may be held by another attempt; "
                        + "raise the visibility timeout or the handler's time limit", claims.get(i).key());
            }
        }
    }

    private void recordFailure(Failure failure, Delivery delivery, String key, String failureKey) {
        store.recordFailure(failureKey, new FailureRecord(consumer, delivery.envelope().event(), key, delivery.messageId(), failure,
                delivery.receiveCount(), clock.instant()), failureTtl);
    }

    private Outcome storeDown(DedupeUnavailableException e, Delivery delivery) {
        listener.dedupeStoreFailed();
        circuit.open(e);
        return classifier.retryLater(Failure.of(FailureReason.DEDUPE_UNAVAILABLE, e, delivery.registration().name()), delivery);
    }

}
