package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.dedupe.Claim;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.DedupeUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * Keeps the messages this worker has in hand: once a message has been held for half the visibility
 * timeout, extends its visibility (and its dedupe claim) by a full timeout, batched per 10 messages;
 * interrupts a handler that reaches its time limit, and one whose lease is lost (SQS rejects the
 * extension, or another attempt took the claim), so it is not left to double-run silently.
 *
 * <p>A message is in hand from before its claim until its outcome is settled: while it waits for the
 * dedupe store or for another attempt's claim, while its handler runs, and while its step markers are
 * written afterwards. Only a running handler is ever interrupted: every interruption and every verdict
 * on an extension is decided under the lease's lock, which {@link Lease#end()} also takes when the
 * handler returns, and {@link #finish} waits for an extension in flight, so no interrupt and no
 * visibility change reaches a message after its handler finished.
 */
public final class Heartbeat implements AutoCloseable {

    /** Why a running handler was interrupted. */
    public enum Interruption {
        NONE,
        TIMEOUT,
        LEASE_LOST,
        SHUTDOWN
    }

    private enum State {
        /** In hand, the handler not running: waiting for a claim or the store. */
        HOLDING,
        /** The handler runs; the only state in which its thread is interrupted. */
        RUNNING,
        /** The handler returned; what it owes the store (step markers) is being written. */
        SETTLING,
        /** Untracked: no extension, verdict or interrupt touches it any more. */
        DONE
    }

    /** One message's lease. Thread-safe; {@link #begin()} and {@link #end()} are called on the message's own thread. */
    public static final class Lease {
        private final Delivery delivery;
        private final Thread thread;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition idle = lock.newCondition();
        private State state = State.HOLDING;
        private boolean extending;
        private volatile boolean lost;
        private volatile boolean stopRequested;
        private Interruption interruption = Interruption.NONE;
        private Claim.Claimed claim;
        private long runningSinceNanos;
        private volatile long extendedNanos = System.nanoTime();

        Lease(Delivery delivery, Thread thread) {
            this.delivery = delivery;
            this.thread = thread;
        }

        /** Attaches the dedupe claim the heartbeat renews together with the visibility. */
        public void claimed(Claim.Claimed claim) {
            locked(() -> this.claim = claim);
        }

        /**
         * Starts the handler's run on the calling thread, which may be interrupted from now on (time
         * limit, lost lease, end of the shutdown grace). False, and no run, when the worker asked held
         * messages to let go.
         */
        public boolean begin() {
            return locked(() -> {
                if (stopRequested || state == State.DONE) {
                    return false;
                }
                state = State.RUNNING;
                interruption = Interruption.NONE;
                runningSinceNanos = System.nanoTime();
                return true;
            });
        }

        /**
         * Ends the handler's run: nothing interrupts this thread after it, and an interrupt aimed at the
         * handler that it did not consume is cleared, so the steps that settle the outcome can talk to
         * SQS and Redis. Returns why the handler was interrupted, if it was.
         */
        public Interruption end() {
            return locked(() -> {
                state = State.HOLDING;
                Thread.interrupted();
                return interruption;
            });
        }

        /** Says the outcome is being settled: the message is kept through the shutdown grace, like a running one. */
        public void settling() {
            locked(() -> state = state == State.HOLDING ? State.SETTLING : state);
        }

        /** True while the message is still this worker's: no extension was refused and no other attempt took its claim. */
        public boolean held() {
            return !lost;
        }

        /** True once the worker asked this message to let go (it is stopping). */
        public boolean stopRequested() {
            return stopRequested;
        }

        /** Why the handler's latest run was interrupted, if it was. */
        public Interruption interruption() {
            return locked(() -> interruption);
        }

        /** Takes the lease for an extension; false when it is done. */
        private boolean startExtending() {
            return locked(() -> {
                if (state == State.DONE) {
                    return false;
                }
                extending = true;
                return true;
            });
        }

        private void stopExtending() {
            locked(() -> {
                extending = false;
                idle.signalAll();
                return null;
            });
        }

        private Claim.Claimed claim() {
            return locked(() -> claim);
        }

        /** Records a lost lease; interrupts the handler if it is running. Returns the state it was lost in. */
        private State lose() {
            return locked(() -> {
                lost = true;
                interruptIfRunning(Interruption.LEASE_LOST);
                return state;
            });
        }

        /** Interrupts the handler if (and only if) it is running and not interrupted already; under the lock. */
        private boolean interruptIfRunning(Interruption why) {
            if (state == State.RUNNING && interruption == Interruption.NONE) {
                interruption = why;
                thread.interrupt();
                return true;
            }
            return false;
        }

        private boolean interrupt(Interruption why) {
            return locked(() -> interruptIfRunning(why));
        }

        /** Asks a message that is not running to let go; with {@code evenSettling}, one being settled too. */
        private void requestStop(boolean evenSettling) {
            locked(() -> stopRequested = stopRequested || state == State.HOLDING || (evenSettling && state == State.SETTLING));
        }

        private boolean runningPast(long nowNanos, long limitNanos) {
            return locked(() -> state == State.RUNNING && interruption == Interruption.NONE && nowNanos - runningSinceNanos >= limitNanos);
        }

        /** Every decision on the lease is taken under its lock; see the class documentation. */
        private <T> T locked(Supplier<T> decision) {
            lock.lock();
            try {
                return decision.get();
            } finally {
                lock.unlock();
            }
        }

        /** Marks the lease done once no extension is in flight for it. */
        private void finish() {
            lock.lock();
            try {
                while (extending) {
                    idle.awaitUninterruptibly();
                }
                state = State.DONE;
            } finally {
                lock.unlock();
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration visibility;
    private final Duration handlerTimeout;
    private final DedupeStore store;
    private final WorkerListener listener;
    private final Consumer<DedupeUnavailableException> storeFailed;
    private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    public Heartbeat(SqsClient sqs, String queueUrl, Duration visibility, Duration handlerTimeout, DedupeStore store,
            WorkerListener listener, Consumer<DedupeUnavailableException> storeFailed) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibility = visibility;
        this.handlerTimeout = handlerTimeout;
        this.store = store;
        this.listener = listener;
        this.storeFailed = storeFailed;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("eventbus-heartbeat").factory());
        long tick = Math.max(100, Math.min(1_000, visibility.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::beatQuietly, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Starts keeping the lease of a message handled on the current thread. */
    public Lease track(Delivery delivery) {
        Lease lease = new Lease(delivery, Thread.currentThread());
        leases.add(lease);
        return lease;
    }

    /** Stops keeping a lease, once an extension in flight for it has finished; nothing touches it afterwards. */
    public void finish(Lease lease) {
        lease.finish();
        leases.remove(lease);
    }

    /** Asks every message in hand whose handler has not started to let go: the worker is stopping. */
    public void releaseWaiting() {
        leases.forEach(lease -> lease.requestStop(false));
    }

    /** At the end of the shutdown grace: interrupts every running handler and stops every other held message. */
    public void stopAll() {
        leases.forEach(lease -> {
            lease.interrupt(Interruption.SHUTDOWN);
            lease.requestStop(true);
        });
    }

    /** Messages in hand. */
    public int held() {
        return leases.size();
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            log.warn("heartbeat failed", e);
        }
    }

    void beat() {
        long now = System.nanoTime();
        List<Lease> due = new ArrayList<>();
        for (Lease lease : leases) {
            if (lease.runningPast(now, handlerTimeout.toNanos())) {
                if (lease.interrupt(Interruption.TIMEOUT)) {
                    log.warn("handler for message {} ran past its {} s time limit; interrupting it", lease.delivery.messageId(),
                            handlerTimeout.toSeconds());
                }
            } else if (lease.held() && now - lease.extendedNanos >= visibility.toNanos() / 2 && lease.startExtending()) {
                due.add(lease);
            }
        }
        for (int from = 0; from < due.size(); from += 10) {
            List<Lease> batch = due.subList(from, Math.min(due.size(), from + 10));
            try {
                extend(batch, now);
            } finally {
                batch.forEach(Lease::stopExtending);
            }
        }
    }

    private void extend(List<Lease> batch, long now) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(batch.get(i).delivery.receiptHandle())
                    .visibilityTimeout((int) visibility.toSeconds())
                    .build());
        }
        List<BatchResultErrorEntry> failed;
        try {
            failed = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
        } catch (SdkException e) {
            log.warn("extending the visibility of {} messages in hand failed ({}); retrying at the next beat", batch.size(), e.getMessage());
            return;
        }
        Set<Integer> refused = new HashSet<>();
        for (BatchResultErrorEntry entry : failed) {
            int index = Integer.parseInt(entry.id());
            if (Boolean.TRUE.equals(entry.senderFault())) {
                refused.add(index);
                lose(batch.get(index), "SQS refused to extend its visibility (" + entry.code() + ")");
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (refused.contains(i)) {
                continue;
            }
            Lease lease = batch.get(i);
            lease.extendedNanos = now;
            listener.leaseExtended();
            Claim.Claimed claim = lease.claim();
            if (claim != null) {
                try {
                    if (!store.extend(claim, visibility)) {
                        lose(lease, "another attempt holds its dedupe claim");
                    }
                } catch (DedupeUnavailableException e) {
                    storeFailed.accept(e);
                    log.warn("extending the dedupe claim of message {} failed ({})", lease.delivery.messageId(), e.getMessage());
                }
            }
        }
    }

    private void lose(Lease lease, String why) {
        State state = lease.lose();
        listener.leaseLost();
        log.warn("lease lost: message {} {} while {}; another worker may receive it", lease.delivery.messageId(), why,
                switch (state) {
                    case RUNNING -> "its handler ran (interrupting it)";
                    case SETTLING -> "its outcome was being settled";
                    default -> "it waited for its claim";
                });
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
