package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A store that passes every call to another; tests override the calls they want to watch. */
class ForwardingStore implements DedupeStore {

    private final DedupeStore delegate;

    ForwardingStore(DedupeStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Claim claim(ClaimBatch.ClaimRequest request) {
        return delegate.claim(request);
    }

    @Override
    public List<Claim> claimAll(List<ClaimBatch.ClaimRequest> requests) {
        return delegate.claimAll(requests);
    }

    @Override
    public boolean complete(Claim.Claimed claim, Duration ttl) {
        return delegate.complete(claim, ttl);
    }

    @Override
    public List<Boolean> completeAll(List<Claim.Claimed> claims, Duration ttl) {
        return delegate.completeAll(claims, ttl);
    }

    @Override
    public boolean release(Claim.Claimed claim) {
        return delegate.release(claim);
    }

    @Override
    public boolean extend(Claim.Claimed claim, Duration lease) {
        return delegate.extend(claim, lease);
    }

    @Override
    public boolean stepDone(String claimKey, String step) {
        return delegate.stepDone(claimKey, step);
    }

    @Override
    public void markStepDone(String claimKey, String step, Duration ttl) {
        delegate.markStepDone(claimKey, step, ttl);
    }

    @Override
    public void recordFailure(String failureKey, FailureRecord record, Duration ttl) {
        delegate.recordFailure(failureKey, record, ttl);
    }

    @Override
    public Optional<FailureRecord> lastFailure(String failureKey) {
        return delegate.lastFailure(failureKey);
    }

    @Override
    public DedupeState inspect(String claimKey) {
        return delegate.inspect(claimKey);
    }

    @Override
    public Forgotten forget(String claimKey) {
        return delegate.forget(claimKey);
    }

    @Override
    public void probe() {
        delegate.probe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
