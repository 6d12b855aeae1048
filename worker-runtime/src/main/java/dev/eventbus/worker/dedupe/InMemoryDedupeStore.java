package dev.eventbus.worker.dedupe;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link DedupeStore} in this process's memory, with the same semantics as Redis (leases expire,
 * every change is a compare-and-set). For tests and the local demo: it deduplicates only within one
 * process and forgets everything when the process ends.
 */
public final class InMemoryDedupeStore implements DedupeStore {

    private record Entry(String value, long expiresAtMillis) {}

    private record Steps(Set<String> names, long expiresAtMillis) {}

    private record Failures(List<FailureRecord> attempts, long expiresAtMillis) {}

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Steps> steps = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean available = new AtomicBoolean(true);

    public InMemoryDedupeStore() {
        this(Clock.systemUTC());
    }

    public InMemoryDedupeStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Claim claim(ClaimBatch.ClaimRequest request) {
        checkAvailable();
        Entry mine = new Entry(ClaimValues.inProgress(request.token(), request.payloadHash()), clock.millis() + request.lease().toMillis());
        Entry current = entries.compute(request.key(), (k, existing) -> live(existing) == null ? mine : existing);
        return current == mine ? ClaimValues.claimed(request) : ClaimValues.read(current.value(), request);
    }

    @Override
    public boolean complete(Claim.Claimed claim, Duration ttl) {
        return replaceIfOwnedOrFree(claim, new Entry(ClaimValues.done(claim.payloadHash()), clock.millis() + ttl.toMillis()), true);
    }

    @Override
    public boolean release(Claim.Claimed claim) {
        return replaceIfOwnedOrFree(claim, null, false);
    }

    @Override
    public boolean extend(Claim.Claimed claim, Duration lease) {
        return replaceIfOwnedOrFree(claim, new Entry(ClaimValues.inProgress(claim), clock.millis() + lease.toMillis()), true);
    }

    @Override
    public boolean stepDone(String claimKey, String step) {
        checkAvailable();
        Steps done = liveSteps(DedupeKeys.stepsKey(claimKey));
        return done != null && done.names().contains(step);
    }

    @Override
    public void markStepDone(String claimKey, String step, Duration ttl) {
        checkAvailable();
        steps.compute(DedupeKeys.stepsKey(claimKey), (k, existing) -> {
            Set<String> names = new TreeSet<>(existing == null || expired(existing.expiresAtMillis()) ? Set.of() : existing.names());
            names.add(step);
            return new Steps(Set.copyOf(names), clock.millis() + ttl.toMillis());
        });
    }

    @Override
    public void recordFailure(String failureKey, FailureRecord record, Duration ttl) {
        checkAvailable();
        failures.compute(failureKey, (k, existing) -> {
            List<FailureRecord> attempts = new ArrayList<>(
                    existing == null || expired(existing.expiresAtMillis()) ? List.of() : existing.attempts());
            attempts.add(record);
            List<FailureRecord> kept = attempts.subList(Math.max(0, attempts.size() - FailureRecord.MAX_HISTORY), attempts.size());
            return new Failures(List.copyOf(kept), clock.millis() + ttl.toMillis());
        });
    }

    @Override
    public Optional<FailureRecord> lastFailure(String failureKey) {
        checkAvailable();
        Failures recorded = failures.get(failureKey);
        if (recorded == null || expired(recorded.expiresAtMillis())) {
            return Optional.empty();
        }
        return Optional.of(FailureRecord.of(recorded.attempts()));
    }

    @Override
    public DedupeState inspect(String claimKey) {
        checkAvailable();
        Entry entry = live(entries.get(claimKey));
        Steps done = liveSteps(DedupeKeys.stepsKey(claimKey));
        List<String> names = done == null ? List.of() : List.copyOf(new TreeSet<>(done.names()));
        if (entry == null) {
            return new DedupeState(DedupeState.Status.NEVER_SEEN, Optional.empty(), names);
        }
        DedupeState.Status status = ClaimValues.isDone(entry.value()) ? DedupeState.Status.DONE : DedupeState.Status.CLAIMED;
        return new DedupeState(status, Optional.of(Duration.ofMillis(entry.expiresAtMillis() - clock.millis())), names);
    }

    @Override
    public Forgotten forget(String claimKey) {
        checkAvailable();
        Entry entry = live(entries.get(claimKey));
        if (entry != null && !ClaimValues.isDone(entry.value())) {
            return new Forgotten(false, List.of(), true);
        }
        boolean done = entry != null && entries.remove(claimKey, entry);
        Steps removed = steps.remove(DedupeKeys.stepsKey(claimKey));
        List<String> names = removed == null || expired(removed.expiresAtMillis()) ? List.of() : List.copyOf(new TreeSet<>(removed.names()));
        return new Forgotten(done, names, false);
    }

    @Override
    public void probe() {
        checkAvailable();
    }

    /** Simulates an outage: until {@code setAvailable(true)}, every call throws {@link DedupeUnavailableException}. */
    public void setAvailable(boolean available) {
        this.available.set(available);
    }

    @Override
    public void close() {}

    /**
     * Replaces the claim's key if the claim still holds it, or (when {@code orFree}) if the key is free;
     * {@code replacement} {@code null} deletes it.
     */
    private boolean replaceIfOwnedOrFree(Claim.Claimed claim, Entry replacement, boolean orFree) {
        checkAvailable();
        String expected = ClaimValues.inProgress(claim);
        boolean[] replaced = {false};
        entries.compute(claim.key(), (k, existing) -> {
            Entry current = live(existing);
            if ((current == null && orFree) || (current != null && current.value().equals(expected))) {
                replaced[0] = true;
                return replacement;
            }
            return current;
        });
        return replaced[0];
    }

    private Entry live(Entry entry) {
        return entry == null || expired(entry.expiresAtMillis()) ? null : entry;
    }

    private Steps liveSteps(String key) {
        Steps done = steps.get(key);
        return done == null || expired(done.expiresAtMillis()) ? null : done;
    }

    private boolean expired(long expiresAtMillis) {
        return expiresAtMillis <= clock.millis();
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
