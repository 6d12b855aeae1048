package dev.eventbus.worker.dedupe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one receive, claimed in the dedupe store together: each message's handler thread
 * asks for its claim and waits; once every message of the receive has either asked or left the chain
 * without asking (it was dead-lettered while decoding, say), the last one sends all the claims in one
 * {@link DedupeStore#claimAll} call and wakes the others. A receive of 10 messages then costs one
 * round trip to Redis instead of one per message.
 *
 * <p>A message that has not asked within {@code patience} (an application interceptor holding it, a
 * very large payload) does not hold up the others: whoever waited that long sends the claims gathered
 * so far, and later ones go out as they arrive or in the next group.
 *
 * <p>Each message also gets a place for the claim it wants completed when its message is deleted (see
 * {@link DedupeStore#completeAll}), so completions can be batched with the delete. Thread-safe.
 */
public final class ClaimBatch {

    /** One message's place in its batch; attached to its delivery as a tag. */
    public static final class Slot {
        private final ClaimBatch batch;
        private final int index;
        private Claim.Claimed toComplete;

        private Slot(ClaimBatch batch, int index) {
            this.batch = batch;
            this.index = index;
        }

        /** Claims the request's key together with the batch's other messages. */
        Claim claim(ClaimRequest request) {
            return batch.claim(index, request);
        }

        /** Says this message will not claim (any more), so the batch does not wait for it. Idempotent. */
        public void leave() {
            batch.leave(index);
        }

        /** Asks for {@code claim} to be completed just before its message is deleted. */
        void completeOnDelete(Claim.Claimed claim) {
            this.toComplete = claim;
        }

        /** The claim to complete before deleting this message, or {@code null}; read on the handler's own thread. */
        public Claim.Claimed toComplete() {
            return toComplete;
        }
    }

    /**
     * What one attempt asks the store for. {@code token} identifies the attempt; a request asked again
     * with the same token after a failure (the store took the first one, but its answer was lost) finds
     * its own claim and gets it.
     */
    public record ClaimRequest(String key, String payloadHash, Duration lease, String token) {
        public ClaimRequest {
            java.util.Objects.requireNonNull(key, "key");
            java.util.Objects.requireNonNull(payloadHash, "payloadHash");
            java.util.Objects.requireNonNull(lease, "lease");
            token = token == null ? ClaimValues.newToken() : token;
        }

        /** A request with a token of its own. */
        public ClaimRequest(String key, String payloadHash, Duration lease) {
            this(key, payloadHash, lease, null);
        }
    }

    private static final class Pending {
        final ClaimRequest request;
        Claim answer;
        DedupeUnavailableException error;
        boolean answered;

        Pending(ClaimRequest request) {
            this.request = request;
        }
    }

    private final DedupeStore store;
    private final long patienceNanos;
    private final boolean[] settled;
    private int settledCount;
    private List<Pending> gathered = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition answered = lock.newCondition();

    private ClaimBatch(DedupeStore store, int size, Duration patience) {
        this.store = store;
        this.patienceNanos = patience.toNanos();
        this.settled = new boolean[size];
    }

    /** Slots for the {@code size} messages of one receive. */
    public static List<Slot> open(DedupeStore store, int size, Duration patience) {
        ClaimBatch batch = new ClaimBatch(store, size, patience);
        List<Slot> slots = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            slots.add(new Slot(batch, i));
        }
        return slots;
    }

    private Claim claim(int index, ClaimRequest request) {
        Pending mine = new Pending(request);
        List<Pending> toSend = null;
        lock.lock();
        try {
            gathered.add(mine);
            settle(index);
            if (settledCount == settled.length) {
                toSend = takeGathered();
            } else {
                long left = patienceNanos;
                while (!mine.answered && left > 0) {
                    left = answered.awaitNanos(left);
                }
                if (!mine.answered && gathered.contains(mine)) {
                    toSend = takeGathered();
                }
                while (!mine.answered && toSend == null) {
                    // Another thread took this request out and is sending it now.
                    answered.await(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DedupeUnavailableException("interrupted while waiting for the batch's dedupe claims", e);
        } finally {
            lock.unlock();
        }
        if (toSend != null) {
            send(toSend);
        }
        if (mine.error != null) {
            throw mine.error;
        }
        return mine.answer;
    }

    private void leave(int index) {
        List<Pending> toSend = null;
        lock.lock();
        try {
            if (settled[index]) {
                return;
            }
            settle(index);
            if (settledCount == settled.length && !gathered.isEmpty()) {
                toSend = takeGathered();
            }
        } finally {
            lock.unlock();
        }
        if (toSend != null) {
            send(toSend);
        }
    }

    private void settle(int index) {
        if (!settled[index]) {
            settled[index] = true;
            settledCount++;
        }
    }

    private List<Pending> takeGathered() {
        List<Pending> taken = gathered;
        gathered = new ArrayList<>();
        return taken;
    }

    /**
     * Sends the claims on the calling thread, outside the lock, then wakes their threads; every request
     * gets an answer or an error, whatever the store does.
     */
    private void send(List<Pending> toSend) {
        List<Claim> answers = null;
        DedupeUnavailableException error = null;
        try {
            answers = store.claimAll(toSend.stream().map(p -> p.request).toList());
            if (answers.size() != toSend.size()) {
                error = new DedupeUnavailableException("the store answered " + answers.size() + " of " + toSend.size() + " claims");
            }
        } catch (DedupeUnavailableException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new DedupeUnavailableException("claiming a batch failed: " + e.getMessage(), e);
        } finally {
            if (error == null && answers == null) {
                // An Error escaped the store; the waiting threads still need an answer.
                error = new DedupeUnavailableException("claiming a batch failed");
            }
            answer(toSend, answers, error);
        }
    }

    private void answer(List<Pending> toSend, List<Claim> answers, DedupeUnavailableException error) {
        lock.lock();
        try {
            for (int i = 0; i < toSend.size(); i++) {
                Pending p = toSend.get(i);
                if (error != null) {
                    p.error = error;
                } else {
                    p.answer = answers.get(i);
                }
                p.answered = true;
            }
            answered.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
