package dev.eventbus.worker;

/**
 * A handler failure that will fail the same way every time (a rejected input, a business rule). The
 * message goes to the DLQ at once, with this exception's class, message and fingerprint as attributes,
 * instead of burning retries.
 */
public class NonRetryableException extends RuntimeException {

    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
