package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where claims, done markers, completed handler steps and failure records live. Every state change of
 * a key is a compare-and-set on the claim's token, so an attempt whose lease ran out cannot complete or
 * release a key another attempt now owns. Keys come from {@link DedupeKeys}.
 *
 * <p>Implementations are thread-safe and may block. Each method throws
 * {@link DedupeUnavailableException} when the store cannot be reached or refuses a write; the worker
 * then fails closed. Use {@link RedisDedupeStore} in production, {@link InMemoryDedupeStore} in tests of
 * a single process, and {@link #none()} only for handlers whose effects are idempotent by themselves.
 */
public interface DedupeStore extends AutoCloseable {

    /**
     * Claims the request's key for its attempt with a lease, unless the event is already done or another
     * attempt holds it. An expired lease counts as free, and so does a claim with the request's own
     * token (an earlier try of the same attempt whose answer was lost).
     */
    Claim claim(ClaimBatch.ClaimRequest request);

    /** Claims {@code key} for a new attempt; see {@link #claim(ClaimBatch.ClaimRequest)}. */
    default Claim claim(String key, String payloadHash, Duration lease) {
        return claim(new ClaimBatch.ClaimRequest(key, payloadHash, lease));
    }

    /**
     * Marks the claimed key done for {@code ttl}: if the attempt still holds it, or if its lease ran out
     * and no other attempt took the key meanwhile. False if another attempt holds (or completed) it.
     */
    boolean complete(Claim.Claimed claim, Duration ttl);

    /**
     * Claims several keys at once, answering in the order asked; a store with round trips sends them
     * together. Throws {@link DedupeUnavailableException} for the whole call if the store cannot answer.
     */
    default List<Claim> claimAll(List<ClaimBatch.ClaimRequest> requests) {
        List<Claim> answers = new ArrayList<>(requests.size());
        for (ClaimBatch.ClaimRequest r : requests) {
            answers.add(claim(r));
        }
        return answers;
    }

    /** Completes several claims at once, answering in order as {@link #complete} would. */
    default List<Boolean> completeAll(List<Claim.Claimed> claims, Duration ttl) {
        List<Boolean> answers = new ArrayList<>(claims.size());
        for (Claim.Claimed claim : claims) {
            answers.add(complete(claim, ttl));
        }
        return answers;
    }

    /** Frees the claimed key so a retry can claim it. False if the claim was already lost. */
    boolean release(Claim.Claimed claim);

    /**
     * Renews the claim's lease to {@code lease} from now, taking the key back if its lease ran out and
     * nobody else took it. False if another attempt holds the key.
     */
    boolean extend(Claim.Claimed claim, Duration lease);

    /** True when an attempt at the event claimed under {@code claimKey} completed the step {@code step}. */
    boolean stepDone(String claimKey, String step);

    /** Records that {@code step} of the event claimed under {@code claimKey} completed, for {@code ttl}. */
    void markStepDone(String claimKey, String step, Duration ttl);

    /**
     * Adds a failed attempt to the event's failure record, keeping at most
     * {@value FailureRecord#MAX_HISTORY} attempts, and sets the record's TTL to {@code ttl}.
     */
    void recordFailure(String failureKey, FailureRecord record, Duration ttl);

    /** The failures recorded under {@code failureKey}: the last one, with the history before it; empty if none. */
    Optional<FailureRecord> lastFailure(String failureKey);

    /** Where the event claimed under {@code claimKey} stands: claim or done marker, time left, completed steps. */
    DedupeState inspect(String claimKey);

    /**
     * Removes the event's done marker and step markers, so its next delivery (a forced replay) runs the
     * handler again; removes nothing while an attempt holds the claim.
     */
    Forgotten forget(String claimKey);

    /**
     * Checks that the store can do what the worker needs of it, a write, not merely that it answers;
     * throws {@link DedupeUnavailableException} if not. A Redis out of memory or a read-only replica
     * answers PING but refuses every claim.
     */
    void probe();

    @Override
    void close();

    /**
     * A store that remembers nothing: every claim succeeds and every step runs. For handlers whose side
     * effects are idempotent by themselves; duplicates then reach the handler.
     */
    static DedupeStore none() {
        return NoDedupeStore.INSTANCE;
    }
}
