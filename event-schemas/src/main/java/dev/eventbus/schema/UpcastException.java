package dev.eventbus.schema;

/**
 * Thrown by an {@link Upcaster} when a payload cannot be expressed in the next major version, for
 * example a 1.x amount with more decimals than its currency has. Retrying does not help: the message
 * belongs in the dead-letter queue.
 */
public final class UpcastException extends SchemaException {

    private static final long serialVersionUID = 1L;

    public UpcastException(String message) {
        super(message);
    }
}
