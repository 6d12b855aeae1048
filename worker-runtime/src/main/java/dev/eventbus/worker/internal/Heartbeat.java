package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.dedupe.Claim;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.DedupeUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * Keeps the messages whose handlers are running: once a handler has run for half the visibility
 * timeout, extends the message's visibility (and its dedupe claim) by a full timeout, batched per 10
 * messages; interrupts a handler that reaches its time limit, and one whose lease is lost (SQS rejects
 * the extension as stale, or the claim was taken), so it is not left to double-run silently.
 */
public final class Heartbeat implements AutoCloseable {

    /** Why a running handler was interrupted. */
    public enum Interruption {
        NONE,
        TIMEOUT,
        LEASE_LOST,
        SHUTDOWN
    }

    /** One running message's lease. */
    public static final class Lease {
        private final Delivery delivery;
        private final Thread thread;
        private final Claim.Claimed claim;
        private final long startedNanos = System.nanoTime();
        private volatile long extendedNanos = startedNanos;
        private volatile Interruption interruption = Interruption.NONE;

        Lease(Delivery delivery, Thread thread, Claim.Claimed claim) {
            this.delivery = delivery;
            this.thread = thread;
            this.claim = claim;
        }

        public Interruption interruption() {
            return interruption;
        }

        synchronized void interrupt(Interruption why) {
            if (interruption == Interruption.NONE) {
                interruption = why;
                thread.interrupt();
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
    private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    public Heartbeat(SqsClient sqs, String queueUrl, Duration visibility, Duration handlerTimeout, DedupeStore store,
            WorkerListener listener) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibility = visibility;
        this.handlerTimeout = handlerTimeout;
        this.store = store;
        this.listener = listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("eventbus-heartbeat").factory());
        long tick = Math.max(100, Math.min(1_000, visibility.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::beatQuietly, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Starts keeping the lease of a message whose handler runs on the current thread. */
    public Lease track(Delivery delivery, Claim.Claimed claim) {
        Lease lease = new Lease(delivery, Thread.currentThread(), claim);
        leases.add(lease);
        return lease;
    }

    public void untrack(Lease lease) {
        leases.remove(lease);
    }

    /** Interrupts every running handler, e.g. when the shutdown grace period is over. */
    public void interruptAll(Interruption why) {
        leases.forEach(lease -> lease.interrupt(why));
    }

    public int running() {
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
            if (lease.interruption() != Interruption.NONE) {
                continue;
            }
            if (now - lease.startedNanos >= handlerTimeout.toNanos()) {
                log.warn("handler for message {} ran past its {} s time limit; interrupting it", lease.delivery.messageId(),
                        handlerTimeout.toSeconds());
                lease.interrupt(Interruption.TIMEOUT);
            } else if (now - lease.extendedNanos >= visibility.toNanos() / 2) {
                due.add(lease);
            }
        }
        for (int from = 0; from < due.size(); from += 10) {
            extend(due.subList(from, Math.min(due.size(), from + 10)), now);
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
            log.warn("extending the visibility of {} running messages failed ({}); retrying at the next beat", batch.size(), e.getMessage());
            return;
        }
        Set<Integer> lost = new java.util.HashSet<>();
        for (BatchResultErrorEntry entry : failed) {
            int index = Integer.parseInt(entry.id());
            if (Boolean.TRUE.equals(entry.senderFault())) {
                lost.add(index);
                loseLease(batch.get(index), "SQS refused the extension (" + entry.code() + ")");
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (lost.contains(i)) {
                continue;
            }
            Lease lease = batch.get(i);
            lease.extendedNanos = now;
            listener.leaseExtended();
            if (lease.claim != null) {
                try {
                    if (!store.extend(lease.claim, visibility)) {
                        loseLease(lease, "its dedupe claim expired and may be held by another attempt");
                    }
                } catch (DedupeUnavailableException e) {
                    log.warn("extending the dedupe claim of message {} failed ({})", lease.delivery.messageId(), e.getMessage());
                }
            }
        }
    }

    private void loseLease(Lease lease, String why) {
        log.warn("lease of message {} lost: {}; interrupting its handler", lease.delivery.messageId(), why);
        listener.leaseLost();
        lease.interrupt(Interruption.LEASE_LOST);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
