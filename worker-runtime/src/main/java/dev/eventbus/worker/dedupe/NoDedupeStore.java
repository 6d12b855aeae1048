package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link DedupeStore#none()}: claims always succeed, nothing is remembered. */
final class NoDedupeStore implements DedupeStore {

    static final NoDedupeStore INSTANCE = new NoDedupeStore();

    private NoDedupeStore() {}

    @Override
    public Claim claim(ClaimBatch.ClaimRequest request) {
        return new Claim.Claimed(request.key(), "none", request.payloadHash());
    }

    @Override
    public boolean complete(Claim.Claimed claim, Duration ttl) {
        return true;
    }

    @Override
    public boolean release(Claim.Claimed claim) {
        return true;
    }

    @Override
    public boolean extend(Claim.Claimed claim, Duration lease) {
        return true;
    }

    @Override
    public boolean stepDone(String claimKey, String step) {
        return false;
    }

    @Override
    public void markStepDone(String claimKey, String step, Duration ttl) {}

    @Override
    public void recordFailure(String failureKey, FailureRecord record, Duration ttl) {}

    @Override
    public Optional<FailureRecord> lastFailure(String failureKey) {
        return Optional.empty();
    }

    @Override
    public DedupeState inspect(String claimKey) {
        return new DedupeState(DedupeState.Status.NEVER_SEEN, Optional.empty(), List.of());
    }

    @Override
    public Forgotten forget(String claimKey) {
        return new Forgotten(false, List.of(), false);
    }

    @Override
    public void probe() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "no dedupe";
    }
}
