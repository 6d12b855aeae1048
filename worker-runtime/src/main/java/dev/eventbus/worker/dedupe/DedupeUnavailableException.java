package dev.eventbus.worker.dedupe;

/**
 * The dedupe store cannot be reached or did not answer. The worker fails closed: the handler does not
 * run, the message stays on the queue, and polling pauses until the store answers again.
 */
public final class DedupeUnavailableException extends RuntimeException {

    public DedupeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DedupeUnavailableException(String message) {
        super(message);
    }
}
