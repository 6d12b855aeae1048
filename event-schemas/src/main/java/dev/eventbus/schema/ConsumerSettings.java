package dev.eventbus.schema;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one consumer's queue is set up, as the catalog's {@code "consumers"} section declares it: the queue
 * it reads, how many receives a message gets before SQS moves it to the DLQ, and the timeouts and
 * retention periods. Terraform creates the queue and its DLQ from these values, and the build checks the
 * two agree; the worker reads the same settings back from the queue at start.
 *
 * <p>The rules checked here are the ones that lose messages or run a handler twice when broken: the
 * DLQ keeps messages longer than the queue (a standard queue's message keeps its first enqueue time
 * when it is dead-lettered), and a handler that runs to its time limit finishes within one visibility
 * timeout (so no other worker receives the message while it runs, even when no heartbeat gets
 * through). Ranges are SQS's own.
 *
 * @param name the consumer's name, as in events' {@code subscribers} and the worker's {@code consumer(...)}
 * @param queue the logical name of the SQS queue it reads; its DLQ is {@code queue + "-dlq"}
 * @param maxReceiveCount receives before SQS moves a message to the DLQ (the redrive policy's
 *     {@code maxReceiveCount}); the worker's retry budget
 * @param visibilityTimeout the queue's visibility timeout
 * @param messageRetention how long the queue keeps a message
 * @param dlqRetention how long the DLQ keeps a message, longer than {@code messageRetention}
 * @param handlerTimeout the worker's time limit for one handler run, at most {@code visibilityTimeout}
 */
public record ConsumerSettings(
        String name,
        String queue,
        int maxReceiveCount,
        Duration visibilityTimeout,
        Duration messageRetention,
        Duration dlqRetention,
        Duration handlerTimeout) {

    /** The suffix of a consumer's DLQ name. */
    public static final String DLQ_SUFFIX = "-dlq";

    private static final Pattern CONSUMER = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_QUEUE_NAME = 80;
    private static final int MAX_RECEIVE_COUNT = 1000;
    private static final Duration MAX_VISIBILITY = Duration.ofHours(12);
    private static final Duration MIN_RETENTION = Duration.ofSeconds(60);
    private static final Duration MAX_RETENTION = Duration.ofDays(14);

    public ConsumerSettings {
        if (name == null || !CONSUMER.matcher(name).matches()) {
            throw new IllegalArgumentException("consumer \"" + name
                    + "\" must be lowercase letters and digits joined by hyphens, like the consumer names workers use");
        }
        String where = "consumers." + name + ": ";
        try {
            Channel.queue(queue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "queue: " + e.getMessage(), e);
        }
        if (queue.length() + DLQ_SUFFIX.length() > MAX_QUEUE_NAME) {
            throw new IllegalArgumentException(where + "queue \"" + queue + "\" leaves no room for its DLQ's name \"" + queue
                    + DLQ_SUFFIX + "\" within SQS's " + MAX_QUEUE_NAME + " characters");
        }
        Objects.requireNonNull(visibilityTimeout, where + "visibilityTimeout");
        Objects.requireNonNull(messageRetention, where + "messageRetention");
        Objects.requireNonNull(dlqRetention, where + "dlqRetention");
        Objects.requireNonNull(handlerTimeout, where + "handlerTimeout");
        if (maxReceiveCount < 1 || maxReceiveCount > MAX_RECEIVE_COUNT) {
            throw new IllegalArgumentException(where + "max_receive_count must be 1 to " + MAX_RECEIVE_COUNT + ", not "
                    + maxReceiveCount);
        }
        within(where, "visibility_timeout_seconds", visibilityTimeout, Duration.ofSeconds(1), MAX_VISIBILITY);
        within(where, "message_retention_seconds", messageRetention, MIN_RETENTION, MAX_RETENTION);
        within(where, "dlq_retention_seconds", dlqRetention, MIN_RETENTION, MAX_RETENTION);
        within(where, "handler_timeout_seconds", handlerTimeout, Duration.ofSeconds(1), MAX_VISIBILITY);
        if (dlqRetention.compareTo(messageRetention) <= 0) {
            throw new IllegalArgumentException(where + "dlq_retention_seconds (" + dlqRetention.toSeconds()
                    + ") must be longer than message_retention_seconds (" + messageRetention.toSeconds()
                    + "): a dead-lettered message keeps its first enqueue time, so a DLQ that keeps messages no longer"
                    + " than the queue drops them before anyone can replay them");
        }
        if (handlerTimeout.compareTo(visibilityTimeout) > 0) {
            throw new IllegalArgumentException(where + "handler_timeout_seconds (" + handlerTimeout.toSeconds()
                    + ") must be at most visibility_timeout_seconds (" + visibilityTimeout.toSeconds()
                    + "): a handler that runs to its time limit must finish within one visibility timeout, or another"
                    + " worker receives the message while it still runs whenever a heartbeat does not get through");
        }
    }

    /** The logical name of the consumer's DLQ: {@code queue + "-dlq"}. */
    public String dlq() {
        return queue + DLQ_SUFFIX;
    }

    private static void within(String where, String field, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(where + field + " must be " + min.toSeconds() + " to " + max.toSeconds()
                    + ", not " + value.toSeconds());
        }
    }
}
