package dev.eventbus;

/**
 * SNS or SQS did not accept an event (after the SDK's own retries), or the outcome is unknown.
 *
 * <p>{@link #eventId()} is the id the event was sent with: publish again with
 * {@link OutgoingEvent#withId(String)} so that, if the first attempt did arrive, consumers deduplicate
 * the copy.
 */
public final class PublishException extends EventBusException {

    private final String eventId;

    public PublishException(String event, String eventId, String destination, Throwable cause) {
        super("publishing \"" + event + "\" (id " + eventId + ") to " + destination + " failed: " + cause.getMessage()
                + ". Retry with the same event id.", cause);
        this.eventId = eventId;
    }

    public String eventId() {
        return eventId;
    }
}
