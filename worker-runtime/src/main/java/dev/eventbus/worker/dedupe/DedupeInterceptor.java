package dev.eventbus.worker.dedupe;

import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.internal.Digests;
import dev.eventbus.worker.internal.Heartbeat;
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
 *   <li>done before: acked as a {@link Outcome.Duplicate} without running the handler; the same event id
 *       with a different payload is dead-lettered as {@code id_reused} (under a business key only if the
 *       registration {@linkplain dev.eventbus.worker.Registration#comparingPayloads() compares payloads});
 *   <li>held by another attempt: retried after the retry policy's backoff, but never before that
 *       attempt's lease can have ended when the next receive is the last the queue's redrive policy
 *       allows; on the last receive the worker keeps the message and waits for the other attempt itself,
 *       so contention never pushes an unhandled message to the DLQ;
 *   <li>claimed: the handler runs; success marks the key done (for the dedupe TTL), failure releases it
 *       and records the failure under the event's failure key;
 *   <li>store unreachable or refusing writes: the circuit opens (polling pauses, readiness fails) and
 *       the message waits in hand, its visibility kept by the heartbeat, until the store takes writes
 *       again; then it is claimed (or its handler run again, when the store failed under
 *       {@code Event.once}). No receive is spent on the outage and nothing is dead-lettered because of it.
 * </ul>
 *
 * <p>A step the handler completed whose marker the store refused ({@link Steps}) is written before
 * anything else happens to the message, retrying while it is in hand, so no attempt repeats it.
 *
 * <p>When the worker received the message in a batch (its delivery carries a {@link ClaimBatch.Slot}),
 * the claim goes to the store together with the batch's other claims, and marking it done waits for
 * the acknowledger, which marks a batch of events done in one call just before it deletes their
 * messages ({@link #completeAll}). Either way an event is marked done before its message is deleted.
 *
 * <p>This step runs the rest of the chain (the handler) again when the handler failed only because the
 * store did: {@link Chain#proceed} may then be called more than once.
 */
public final class DedupeInterceptor implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger(DedupeInterceptor.class);
    /** How long a message in hand waits between looks at the store's circuit or at its stop request. */
    private static final Duration HOLD_POLL = Duration.ofMillis(200);
    /** Added to another attempt's remaining lease, so a look after it finds the lease over. */
    private static final Duration LEASE_MARGIN = Duration.ofMillis(250);
    /** Most runs of one handler in one receive when the store keeps failing under it. */
    private static final int MAX_RUNS = 10;

    /** The answer to a claim, or the outcome when the message could not wait for one. */
    private record Acquired(Claim claim, Outcome gaveUp) {}

    private final DedupeStore store;
    private final String consumer;
    private final EventCatalog catalog;
    private final Duration lease;
    private final Duration doneTtl;
    private final Duration failureTtl;
    private final Duration holdLimit;
    private final int maxReceiveCount;
    private final Classifier classifier;
    private final StoreCircuit circuit;
    private final WorkerListener listener;
    private final Clock clock;

    /**
     * A dedupe step for {@code consumer}'s events. {@code catalog} (may be {@code null}) supplies business
     * keys for messages without an event id; {@code maxReceiveCount} is the queue's redrive limit (0 for
     * none); {@code handlerTimeout} bounds how long the last receive waits for another attempt.
     */
    public DedupeInterceptor(DedupeStore store, String consumer, EventCatalog catalog, Duration lease, Duration doneTtl,
            Duration failureTtl, Duration handlerTimeout, int maxReceiveCount, Classifier classifier, StoreCircuit circuit,
            WorkerListener listener, Clock clock) {
        this.store = store;
        this.consumer = consumer;
        this.catalog = catalog;
        this.lease = lease;
        this.doneTtl = doneTtl;
        this.failureTtl = failureTtl;
        this.holdLimit = handlerTimeout.plus(lease);
        this.maxReceiveCount = maxReceiveCount;
        this.classifier = classifier;
        this.circuit = circuit;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        EventKeys keys = DedupeKeys.of(consumer, catalog, delivery);
        String payloadHash = Digests.sha256(delivery.envelope().payload().toString(), 16);
        Heartbeat.Lease held = delivery.tag(Heartbeat.Lease.class);
        Acquired acquired = acquire(delivery, keys, payloadHash, held);
        if (acquired.gaveUp() != null) {
            return acquired.gaveUp();
        }
        String handler = delivery.registration().name();
        boolean comparePayloads = !keys.byBusinessKey() || delivery.registration().comparesPayloads();
        return switch (acquired.claim()) {
            case Claim.AlreadyDone done when done.payloadHash().equals(payloadHash) || !comparePayloads -> {
                listener.duplicate();
                yield Outcome.duplicate();
            }
            case Claim.AlreadyDone done -> new Outcome.DeadLettered(Failure.found(FailureReason.ID_REUSED,
                    "this event was handled before with a different payload", keys.byBusinessKey()
                            ? "(same business key)" : "(same event id)", handler), keys.keyPart());
            case Claim.HeldElsewhere elsewhere -> contention(delivery, keys, handler);
            case Claim.Claimed claimed -> run(chain, delivery, keys, claimed, held);
        };
    }

    /** Claims the event, waiting in hand while the store is down and, on the last receive, while another attempt holds it. */
    private Acquired acquire(Delivery delivery, EventKeys keys, String payloadHash, Heartbeat.Lease held) {
        ClaimBatch.Slot slot = delivery.tag(ClaimBatch.Slot.class);
        // One token for every try of this attempt: a try that reached the store before its answer was lost is found again.
        ClaimBatch.ClaimRequest request = new ClaimBatch.ClaimRequest(keys.claimKey(), payloadHash, lease);
        Claim claim;
        try {
            claim = slot != null ? slot.claim(request) : store.claim(request);
        } catch (DedupeUnavailableException e) {
            storeFailed(e);
            if (held == null) {
                // Nothing keeps the message while it waits: SQS brings it back.
                return new Acquired(null, classifier.retryLater(Failure.of(FailureReason.DEDUPE_UNAVAILABLE, e,
                        delivery.registration().name()), delivery));
            }
            claim = null;
        }
        long holdUntil = System.nanoTime() + holdLimit.toNanos();
        while (!(claim instanceof Claim.Claimed || claim instanceof Claim.AlreadyDone)) {
            if (claim == null) {
                Outcome gaveUp = awaitStore(held);
                if (gaveUp != null) {
                    return new Acquired(null, gaveUp);
                }
            } else if (held != null && lastReceive(delivery) && System.nanoTime() < holdUntil) {
                Outcome gaveUp = awaitOtherAttempt(held, keys.claimKey());
                if (gaveUp != null) {
                    return new Acquired(null, gaveUp);
                }
            } else {
                break;
            }
            try {
                claim = store.claim(request);
            } catch (DedupeUnavailableException e) {
                storeFailed(e);
                claim = null;
            }
        }
        return new Acquired(claim, null);
    }

    /** Retries a message whose event another attempt holds (see the class documentation for when). */
    private Outcome contention(Delivery delivery, EventKeys keys, String handler) {
        Duration untilFree = remainingLease(keys.claimKey()).plus(LEASE_MARGIN);
        boolean nextIsLast = maxReceiveCount > 0 && delivery.receiveCount() + 1 >= maxReceiveCount;
        Duration backoff = classifier.backoff(delivery);
        Duration delay = nextIsLast || backoff.compareTo(untilFree) > 0 ? untilFree : backoff;
        return new Outcome.RetryLater(delay, Failure.of(FailureReason.IN_PROGRESS_ELSEWHERE, "another attempt holds this event", handler));
    }

    /** Runs the handler under the claim (again, when only the store failed under it), then settles the claim. */
    private Outcome run(Chain chain, Delivery delivery, EventKeys keys, Claim.Claimed claimed, Heartbeat.Lease held) {
        if (held != null) {
            held.claimed(claimed);
        }
        Steps steps = new Steps(store, keys.claimKey(), doneTtl, this::storeFailed);
        Delivery inner = delivery.withTag(Claim.Claimed.class, claimed).withTag(Steps.class, steps);
        Outcome outcome = chain.proceed(inner);
        int runs = 1;
        while (held != null && failedOnStore(outcome) && runs < MAX_RUNS) {
            Outcome gaveUp = awaitStore(held);
            if (gaveUp != null) {
                outcome = gaveUp;
                break;
            }
            try {
                steps.writeOwed();
                if (!store.extend(claimed, lease)) {
                    outcome = new Outcome.LeaseLost("another attempt took the event's claim while the dedupe store was down");
                    break;
                }
            } catch (DedupeUnavailableException e) {
                storeFailed(e);
                continue; // wait for the store again
            }
            outcome = chain.proceed(inner);
            runs++;
        }
        settle(claimed, outcome, delivery, keys, steps, held);
        return outcome instanceof Outcome.DeadLettered dead ? dead.withDedupeKey(keys.keyPart()) : outcome;
    }

    private void settle(Claim.Claimed claim, Outcome outcome, Delivery delivery, EventKeys keys, Steps steps, Heartbeat.Lease held) {
        boolean stepsMarked = writeOwed(steps, delivery, held);
        try {
            switch (outcome) {
                case Outcome.Acked acked -> {
                    ClaimBatch.Slot slot = delivery.tag(ClaimBatch.Slot.class);
                    if (slot != null) {
                        slot.completeOnDelete(claim);
                    } else {
                        completeAll(List.of(claim));
                    }
                }
                case Outcome.RetryLater retry -> {
                    releaseIf(stepsMarked, claim);
                    recordFailure(retry.failure(), delivery, keys);
                }
                case Outcome.DeadLettered dead -> {
                    releaseIf(stepsMarked, claim);
                    recordFailure(dead.failure(), delivery, keys);
                }
                case Outcome.Released released -> releaseIf(stepsMarked, claim);
                case Outcome.LeaseLost lost -> releaseIf(stepsMarked, claim);
                case Outcome.Duplicate duplicate -> { }
                case Outcome.Skipped skipped -> { }
            }
        } catch (DedupeUnavailableException e) {
            // The handler already ran (or failed); the outcome stands. An unreleased claim frees itself when
            // its lease runs out.
            storeFailed(e);
            log.warn("settling the dedupe claim of message {} failed ({}); outcome {} stands", delivery.messageId(), e.getMessage(),
                    outcome.name());
        }
    }

    /**
     * Writes the markers of steps that completed but could not be marked, keeping the message in hand
     * until they are written; false if it could not wait that long (lease lost, end of the shutdown grace).
     */
    private boolean writeOwed(Steps steps, Delivery delivery, Heartbeat.Lease held) {
        if (!steps.owesMarkers()) {
            return true;
        }
        if (held != null) {
            held.settling();
        }
        while (true) {
            try {
                steps.writeOwed();
                return true;
            } catch (DedupeUnavailableException e) {
                storeFailed(e);
                if (held == null || awaitStore(held) != null) {
                    log.warn("the markers of completed steps {} of message {} could not be written; its claim is kept until its lease"
                            + " ends, and an attempt after that repeats those steps", steps.owed(), delivery.messageId());
                    return false;
                }
            }
        }
    }

    /** Releases the claim, unless steps are owed: then it is kept until its lease ends, so no one repeats them at once. */
    private void releaseIf(boolean stepsMarked, Claim.Claimed claim) {
        if (stepsMarked) {
            store.release(claim);
        }
    }

    /**
     * Marks handled events done, in one call to the store; the acknowledger calls it just before it
     * deletes their messages, so an event is done before its message can no longer come back. A claim
     * another attempt took meanwhile is reported (the handler may have run twice); when the store cannot
     * take the markers, the circuit keeps them and writes them as soon as it can, before polling resumes,
     * and the deletes go ahead: the handlers ran.
     */
    public void completeAll(List<Claim.Claimed> claims) {
        if (claims.isEmpty()) {
            return;
        }
        List<Boolean> written;
        try {
            written = store.completeAll(claims, doneTtl);
        } catch (DedupeUnavailableException e) {
            listener.dedupeStoreFailed();
            circuit.owe(claims, doneTtl, e);
            log.warn("marking {} handled events done failed ({}); their messages are deleted, and the markers are written as soon as"
                    + " the store takes writes again", claims.size(), e.getMessage());
            return;
        }
        long taken = written.stream().filter(w -> !w).count();
        if (taken > 0) {
            log.warn("{} handled events had their dedupe claims taken by other attempts meanwhile, so their handlers may have run"
                    + " twice; raise the visibility timeout or the handler's time limit", taken);
        }
    }

    /** Waits, keeping the message, until the store takes writes; the outcome to give up with if it cannot wait, else {@code null}. */
    private Outcome awaitStore(Heartbeat.Lease held) {
        if (held == null) {
            return new Outcome.LeaseLost("nothing keeps the message while the dedupe store is down");
        }
        while (circuit.isOpen()) {
            Outcome stop = stopHolding(held);
            if (stop != null) {
                return stop;
            }
            circuit.awaitClosed(HOLD_POLL);
        }
        return stopHolding(held);
    }

    /** Waits, keeping the message, until another attempt's lease on the event can have ended. */
    private Outcome awaitOtherAttempt(Heartbeat.Lease held, String claimKey) {
        long until = System.nanoTime() + remainingLease(claimKey).plus(LEASE_MARGIN).toNanos();
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            Outcome stop = stopHolding(held);
            if (stop != null) {
                return stop;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, HOLD_POLL.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Released("interrupted while waiting for another attempt at the event");
            }
        }
        return stopHolding(held);
    }

    private static Outcome stopHolding(Heartbeat.Lease held) {
        if (!held.held()) {
            return new Outcome.LeaseLost("SQS refused to extend the message's visibility while it waited in hand");
        }
        if (held.stopRequested()) {
            return new Outcome.Released("the worker is stopping");
        }
        return null;
    }

    /** How long another attempt's claim on the event lives on; zero once it is gone. */
    private Duration remainingLease(String claimKey) {
        try {
            DedupeState state = store.inspect(claimKey);
            return state.status() == DedupeState.Status.CLAIMED ? state.timeLeft().orElse(lease) : Duration.ZERO;
        } catch (DedupeUnavailableException e) {
            storeFailed(e);
            return HOLD_POLL;
        }
    }

    private boolean lastReceive(Delivery delivery) {
        return maxReceiveCount > 0 && delivery.receiveCount() >= maxReceiveCount;
    }

    private static boolean failedOnStore(Outcome outcome) {
        return outcome instanceof Outcome.RetryLater retry && retry.failure().reason() == FailureReason.DEDUPE_UNAVAILABLE;
    }

    private void recordFailure(Failure failure, Delivery delivery, EventKeys keys) {
        store.recordFailure(keys.failureKey(), new FailureRecord(consumer, delivery.envelope().event(), keys.claimKey(),
                delivery.messageId(), failure, delivery.receiveCount(), clock.instant()), failureTtl);
    }

    private void storeFailed(DedupeUnavailableException e) {
        listener.dedupeStoreFailed();
        circuit.open(e);
    }
}
