package dev.eventbus;

/** An event whose encoded message exceeds the size its destination accepts. Thrown before anything is sent. */
public final class EventTooLargeException extends EventBusException {

    public EventTooLargeException(String event, long bytes, long limit) {
        super("event \"" + event + "\" encodes to " + bytes + " bytes, over the " + limit
                + "-byte limit of its destination; nothing was sent. Send a reference (e.g. an S3 key) instead of the data.");
    }
}
