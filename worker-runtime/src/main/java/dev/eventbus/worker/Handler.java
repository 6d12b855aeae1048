package dev.eventbus.worker;

/**
 * Application code that reacts to one event type at one major version.
 *
 * <p>Runs on its own virtual thread; may block. Returning normally means the event is handled and its
 * message is deleted. Throwing means it is not: {@link NonRetryableException} sends the message to the
 * DLQ at once; any other exception retries it later with backoff, until the queue's redrive policy
 * moves it to the DLQ. SQS delivers at least once, so a handler must tolerate seeing an event again;
 * the worker's dedupe keeps completed events from running twice.
 */
@FunctionalInterface
public interface Handler<T> {

    void handle(Event<T> event) throws Exception;
}
