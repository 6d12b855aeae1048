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
import software.amazon.awssdk.core.exception.AbortedException;
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
 * <p>{@link #stop(Thread)} ends the loop without losing a response: a receive that has waited a while
 * is a long poll on an empty queue and is aborted (nothing was taken from the queue), while one that
 * just started may be returning messages and is allowed to finish, so those can be released.
 */
public final class Poller implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);
    /** A receive outstanding this long is waiting on an empty queue; aborting it loses nothing. */
    private static final Duration IDLE_POLL = Duration.ofMillis(300);
    /** How long a poll waits for a full batch of free in-flight permits before asking for fewer. */
    private static final long FULL_BATCH_PATIENCE_MILLIS = 50;

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
    private volatile long receivingSince;
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
        while (!stopping.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            try {
                if (paused.getAsBoolean()) {
                    Thread.sleep(MIN_BACKOFF.toMillis());
                    continue;
                }
                int permits = inFlight.acquireBatch(maxMessagesPerPoll, FULL_BATCH_PATIENCE_MILLIS);
                List<Message> messages;
                try {
                    receivingSince = System.nanoTime();
                    messages = receive(permits);
                } catch (AbortedException e) {
                    inFlight.release(permits);
                    break;
                } catch (SdkException e) {
                    inFlight.release(permits);
                    if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    failing = true;
                    listener.pollFailed(e);
                    log.warn("receiving from {} failed ({}); retrying in {} ms", queueUrl, e.getMessage(), backoff.toMillis());
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    continue;
                } finally {
                    receivingSince = 0;
                }
                backoff = MIN_BACKOFF;
                failing = false;
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
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** True while this poller's latest receive failed. */
    public boolean failing() {
        return failing;
    }

    /**
     * Ends this poller's loop (running on {@code thread}) and waits for it: interrupts it at once unless
     * it is inside a receive that may be returning messages, which it lets finish first.
     */
    public void stop(Thread thread, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (thread.isAlive() && System.nanoTime() < deadline) {
            long since = receivingSince;
            if (since == 0 || System.nanoTime() - since > IDLE_POLL.toNanos()) {
                thread.interrupt();
                thread.join(Duration.ofMillis(50));
            } else {
                Thread.sleep(5);
            }
        }
        thread.interrupt();
        thread.join(Duration.ofSeconds(1));
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
