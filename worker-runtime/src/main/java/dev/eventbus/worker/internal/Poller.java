package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * One long-poll loop on the queue: takes in-flight permits first, asks SQS for at most that many
 * messages, returns the permits it did not use, and hands each message to the dispatcher. Backs off
 * when SQS fails. Messages received after the worker began stopping are released at once.
 *
 * <p>Stopping ({@link #requestStop}, {@link #awaitStopped}) never aborts a receive: SQS keeps serving a
 * long poll whose client went away, and the messages it hands to the dead connection stay invisible for
 * their whole visibility timeout (messages this worker has just released among them). A receive in
 * progress is let finish, at most its wait time, and the messages it returns are released at once. The
 * poller is interrupted only while it waits (for permits, or between polls); while it receives or hands
 * messages off (dispatching them, sending their release batch) nothing interrupts it: the phase it is in
 * is decided under one lock, which stopping takes too.
 */
public final class Poller implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);
    /** How long a poll waits for a full batch of free in-flight permits before asking for fewer. */
    private static final long FULL_BATCH_PATIENCE_MILLIS = 50;

    /** What the poller's thread is doing, as far as interrupting it goes. */
    private enum Phase {
        /** Waiting for permits or sleeping: safe to interrupt. */
        WAITING,
        /** Inside ReceiveMessage: never interrupted. */
        RECEIVING,
        /** Handing received messages off or releasing them: never interrupted. */
        HANDING_OFF
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final int maxMessagesPerPoll;
    private final Duration waitTime;
    private final Integer visibilitySeconds;
    private final InFlight inFlight;
    private final Dispatcher dispatcher;
    private final Acknowledger acknowledger;
    private final BooleanSupplier stopping;
    private final BooleanSupplier paused;
    private final Clock clock;
    private final WorkerListener listener;
    private final Object phaseLock = new Object();
    private Phase phase = Phase.WAITING;
    private volatile boolean failing;

    public Poller(SqsClient sqs, String queueUrl, int maxMessagesPerPoll, Duration waitTime, Duration visibilityTimeout,
            InFlight inFlight, Dispatcher dispatcher, Acknowledger acknowledger, BooleanSupplier stopping,
            BooleanSupplier paused, Clock clock, WorkerListener listener) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.maxMessagesPerPoll = maxMessagesPerPoll;
        this.waitTime = waitTime;
        this.visibilitySeconds = visibilityTimeout == null ? null : (int) visibilityTimeout.toSeconds();
        this.inFlight = inFlight;
        this.dispatcher = dispatcher;
        this.acknowledger = acknowledger;
        this.stopping = stopping;
        this.paused = paused;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public void run() {
        Duration backoff = MIN_BACKOFF;
        while (!stopping.getAsBoolean()) {
            try {
                enter(Phase.WAITING);
                if (paused.getAsBoolean()) {
                    Thread.sleep(MIN_BACKOFF.toMillis());
                    continue;
                }
                int permits = inFlight.acquireBatch(maxMessagesPerPoll, FULL_BATCH_PATIENCE_MILLIS);
                List<Message> messages = null;
                SdkException failure = null;
                enter(Phase.RECEIVING);
                try {
                    messages = receive(permits);
                } catch (SdkException e) {
                    inFlight.release(permits);
                    failure = e;
                } finally {
                    enter(Phase.HANDING_OFF);
                }
                if (failure != null) {
                    if (stopping.getAsBoolean()) {
                        break;
                    }
                    failing = true;
                    listener.pollFailed(failure);
                    log.warn("receiving from {} failed ({}); retrying in {} ms", queueUrl, failure.getMessage(), backoff.toMillis());
                    enter(Phase.WAITING);
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    continue;
                }
                backoff = MIN_BACKOFF;
                failing = false;
                handOff(messages, permits);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void handOff(List<Message> messages, int permits) {
        inFlight.release(permits - messages.size());
        inFlight.received(messages.size());
        listener.polled(messages.size());
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Delivery delivery = Delivery.of(queueUrl, message, clock.instant());
            if (stopping.getAsBoolean()) {
                acknowledger.submit(delivery, new Outcome.Released("worker stopping"));
                inFlight.finished();
            } else {
                deliveries.add(delivery);
            }
        }
        dispatcher.dispatch(deliveries);
    }

    /**
     * Moves the poller's thread to {@code next}. Entering {@link Phase#HANDING_OFF} clears an interrupt
     * that arrived too late to matter, so it cannot abort the hand-off's requests.
     */
    private void enter(Phase next) {
        synchronized (phaseLock) {
            phase = next;
            if (next != Phase.WAITING) {
                Thread.interrupted();
            }
        }
    }

    /** True while this poller's latest receive failed. */
    public boolean failing() {
        return failing;
    }

    /** Asks this poller's loop (running on {@code thread}) to end: at once if it is waiting, after its receive otherwise. */
    public void requestStop(Thread thread) {
        synchronized (phaseLock) {
            if (phase == Phase.WAITING) {
                thread.interrupt();
            }
        }
    }

    /**
     * Waits, at most {@code timeout}, for this poller's loop to end, interrupting it whenever it waits;
     * true if it ended. The worker's stopping flag must be set first.
     */
    public boolean awaitStopped(Thread thread, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (thread.isAlive() && System.nanoTime() < deadline) {
            requestStop(thread);
            thread.join(Duration.ofMillis(20));
        }
        if (thread.isAlive()) {
            log.warn("poller of {} still busy after {} ms; leaving it to finish on its own", queueUrl, timeout.toMillis());
            return false;
        }
        return true;
    }

    private List<Message> receive(int max) {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(max)
                .waitTimeSeconds((int) waitTime.toSeconds())
                .messageAttributeNames("All")
                .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, MessageSystemAttributeName.SENT_TIMESTAMP);
        if (visibilitySeconds != null) {
            request.visibilityTimeout(visibilitySeconds);
        }
        return sqs.receiveMessage(request.build()).messages();
    }
}
