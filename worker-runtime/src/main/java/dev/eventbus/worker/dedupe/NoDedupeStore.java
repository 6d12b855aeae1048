package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.Optional;

/** {@link DedupeStore#none()}: claims always succeed, nothing is remembered. */
final class NoDedupeStore implements DedupeStore {

    static final NoDedupeStore INSTANCE = new NoDedupeStore();

    private NoDedupeStore() {}

    @Override
    public Claim claim(String key, String payloadHash, Duration lease) {
        return new Claim.Claimed(key, "none", payloadHash);
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
    public boolean stepDone(String stepKey) {
        return false;
    }

    @Override
    public void markStepDone(String stepKey, Duration ttl) {}

    @Override
    public void recordFailure(String failureKey, FailureRecord record, Duration ttl) {}

    @Override
    public Optional<FailureRecord> lastFailure(String failureKey) {
        return Optional.empty();
    }

    @Override
    public void ping() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "no dedupe";
    }
}
