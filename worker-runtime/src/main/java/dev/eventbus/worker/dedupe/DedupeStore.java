package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where claims, done markers, completed handler steps and failure records live. Every state change of
 * a key is a compare-and-set on the claim's token, so an attempt whose lease ran out cannot complete or
 * release a key another attempt now owns.
 *
 * <p>Implementations are thread-safe and may block. Each method throws
 * {@link DedupeUnavailableException} when the store cannot be reached; the worker then fails closed.
 * Use {@link RedisDedupeStore} in production, {@link InMemoryDedupeStore} in tests of a single process,
 * and {@link #none()} only for handlers whose effects are idempotent by themselves.
 */
public interface DedupeStore extends AutoCloseable {

    /**
     * Claims {@code key} for one attempt with a lease, unless the event is already done or another
     * attempt holds it. An expired lease counts as free.
     */
    Claim claim(String key, String payloadHash, Duration lease);

    /** Marks the claimed key done for {@code ttl}. False if the claim was lost (its lease ran out). */
    boolean complete(Claim.Claimed claim, Duration ttl);

    /**
     * Claims several keys at once, answering in the order asked; a store with round trips sends them
     * together. Throws {@link DedupeUnavailableException} for the whole call if the store cannot answer.
     */
    default List<Claim> claimAll(List<ClaimBatch.ClaimRequest> requests) {
        List<Claim> answers = new ArrayList<>(requests.size());
        for (ClaimBatch.ClaimRequest r : requests) {
            answers.add(claim(r.key(), r.payloadHash(), r.lease()));
        }
        return answers;
    }

    /** Completes several claims at once, answering in order whether each was still held. */
    default List<Boolean> completeAll(List<Claim.Claimed> claims, Duration ttl) {
        List<Boolean> answers = new ArrayList<>(claims.size());
        for (Claim.Claimed claim : claims) {
            answers.add(complete(claim, ttl));
        }
        return answers;
    }

    /** Frees the claimed key so a retry can claim it. False if the claim was already lost. */
    boolean release(Claim.Claimed claim);

    /** Renews the claim's lease to {@code lease} from now. False if the claim was lost. */
    boolean extend(Claim.Claimed claim, Duration lease);

    /** True when the named step of a claimed event was completed by an earlier attempt. */
    boolean stepDone(String stepKey);

    /** Records that a step completed, for {@code ttl}. */
    void markStepDone(String stepKey, Duration ttl);

    /** Keeps the last failure of an event, replacing any earlier one, for {@code ttl}. */
    void recordFailure(String failureKey, FailureRecord record, Duration ttl);

    /** The last failure recorded under {@code failureKey}, if it has not expired. */
    Optional<FailureRecord> lastFailure(String failureKey);

    /** Checks that the store answers; throws {@link DedupeUnavailableException} if not. */
    void ping();

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
