package dev.eventbus.worker;

/**
 * A handler failure that may succeed later (a timeout, a 5xx from a dependency). The message is retried
 * with backoff. Any exception that is not a {@link NonRetryableException} is treated the same way;
 * throwing this one just says so explicitly.
 */
public class RetryableException extends RuntimeException {

    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
