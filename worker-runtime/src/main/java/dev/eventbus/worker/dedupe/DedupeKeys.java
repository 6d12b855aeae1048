package dev.eventbus.worker.dedupe;

import dev.eventbus.worker.Delivery;

/**
 * Names the keys an event uses in the dedupe store: {@code eventbus:dedupe:<consumer>:<event>:<key>}
 * for its claim (plus {@code :step:<name>} per guarded step) and {@code eventbus:failure:...} for its
 * last failure. The key part is the handler's business key when it declares one, else the event id,
 * else (older monolith messages without an id) the SQS message id, which changes when a message is
 * redriven from the DLQ.
 */
public final class DedupeKeys {

    private static final String CLAIM_PREFIX = "eventbus:dedupe:";
    private static final String FAILURE_PREFIX = "eventbus:failure:";

    private DedupeKeys() {}

    /** The key part of a decoded delivery. */
    public static String keyPart(Delivery delivery) {
        String businessKey = delivery.registration().businessKeyOf(delivery.payload());
        if (businessKey != null) {
            return "key:" + businessKey;
        }
        if (delivery.envelope().id() != null) {
            return "id:" + delivery.envelope().id();
        }
        return "msg:" + delivery.messageId();
    }

    public static String claimKey(String consumer, String event, String keyPart) {
        return CLAIM_PREFIX + consumer + ":" + event + ":" + keyPart;
    }

    public static String failureKey(String consumer, String event, String keyPart) {
        return FAILURE_PREFIX + consumer + ":" + event + ":" + keyPart;
    }

    /** The failure key of an event published with an id. */
    public static String failureKeyForEventId(String consumer, String event, String eventId) {
        return failureKey(consumer, event, "id:" + eventId);
    }
}
