package dev.eventbus.notification.feed;

/** The feed store could not be reached or refused a command; the append or read may be retried. */
public class FeedStoreException extends RuntimeException {

    public FeedStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
