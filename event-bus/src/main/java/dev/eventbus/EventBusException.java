package dev.eventbus;

/**
 * Base of the exceptions the event bus throws. Unchecked: callers decide where to handle them, and
 * every subclass says in its message what went wrong and whether anything was sent.
 */
public class EventBusException extends RuntimeException {

    public EventBusException(String message) {
        super(message);
    }

    public EventBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
