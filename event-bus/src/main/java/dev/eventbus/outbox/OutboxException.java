package dev.eventbus.outbox;

import dev.eventbus.EventBusException;

/**
 * The outbox could not write or read its table: the database refused or failed. When thrown by
 * {@link Outbox#add}, the event was not added and the caller's transaction should be rolled back.
 */
public final class OutboxException extends EventBusException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }

    public OutboxException(String message) {
        super(message);
    }
}
