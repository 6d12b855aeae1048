package dev.eventbus.worker.dedupe;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link DedupeStore} in this process's memory, with the same semantics as Redis (leases expire,
 * every change is a compare-and-set). For tests and the local demo: it deduplicates only within one
 * process and forgets everything when the process ends.
 */
public final class InMemoryDedupeStore implements DedupeStore {

    private record Entry(String value, long expiresAtMillis) {}

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, FailureRecord> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean available = new AtomicBoolean(true);

    public InMemoryDedupeStore() {
        this(Clock.systemUTC());
    }

    public InMemoryDedupeStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Claim claim(String key, String payloadHash, Duration lease) {
        checkAvailable();
        String token = UUID.randomUUID().toString();
        Entry mine = new Entry(ClaimValues.inProgress(token, payloadHash), clock.millis() + lease.toMillis());
        Entry current = entries.compute(key, (k, existing) -> live(existing) == null ? mine : existing);
        return current == mine ? new Claim.Claimed(key, token, payloadHash) : ClaimValues.read(current.value());
    }

    @Override
    public boolean complete(Claim.Claimed claim, Duration ttl) {
        return replaceIfOwned(claim, new Entry(ClaimValues.done(claim.payloadHash()), clock.millis() + ttl.toMillis()));
    }

    @Override
    public boolean release(Claim.Claimed claim) {
        return replaceIfOwned(claim, null);
    }

    @Override
    public boolean extend(Claim.Claimed claim, Duration lease) {
        return replaceIfOwned(claim, new Entry(ClaimValues.inProgress(claim), clock.millis() + lease.toMillis()));
    }

    @Override
    public boolean stepDone(String stepKey) {
        checkAvailable();
        return live(entries.get(stepKey)) != null;
    }

    @Override
    public void markStepDone(String stepKey, Duration ttl) {
        checkAvailable();
        entries.put(stepKey, new Entry("1", clock.millis() + ttl.toMillis()));
    }

    @Override
    public void recordFailure(String failureKey, FailureRecord record, Duration ttl) {
        checkAvailable();
        failures.put(failureKey, record);
    }

    @Override
    public Optional<FailureRecord> lastFailure(String failureKey) {
        checkAvailable();
        return Optional.ofNullable(failures.get(failureKey));
    }

    @Override
    public void ping() {
        checkAvailable();
    }

    /** Simulates an outage: until {@code setAvailable(true)}, every call throws {@link DedupeUnavailableException}. */
    public void setAvailable(boolean available) {
        this.available.set(available);
    }

    @Override
    public void close() {}

    private boolean replaceIfOwned(Claim.Claimed claim, Entry replacement) {
        checkAvailable();
        String expected = ClaimValues.inProgress(claim);
        boolean[] replaced = {false};
        entries.computeIfPresent(claim.key(), (k, existing) -> {
            if (live(existing) != null && existing.value().equals(expected)) {
                replaced[0] = true;
                return replacement;
            }
            return live(existing);
        });
        return replaced[0];
    }

    private Entry live(Entry entry) {
        return entry == null || entry.expiresAtMillis() <= clock.millis() ? null : entry;
    }

    private void checkAvailable() {
        if (!available.get()) {
            throw new DedupeUnavailableException("the in-memory dedupe store is marked unavailable");
        }
    }

    @Override
    public String toString() {
        return "in-memory dedupe";
    }
}
