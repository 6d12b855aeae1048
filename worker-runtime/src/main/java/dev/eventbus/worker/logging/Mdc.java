package dev.eventbus.worker.logging;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.worker.Delivery;
import org.slf4j.MDC;

/** The MDC fields set while a message is handled, so every log line about it carries them. */
public final class Mdc {

    public static final String MESSAGE_ID = "message_id";
    public static final String RECEIVE_COUNT = "receive_count";
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_VERSION = "event_version";
    public static final String OUTCOME = "outcome";

    private Mdc() {}

    static void putDelivery(Delivery delivery) {
        MDC.put(MESSAGE_ID, delivery.messageId());
        MDC.put(RECEIVE_COUNT, Integer.toString(delivery.receiveCount()));
    }

    /** Adds what the envelope says; called by the decode step as soon as it knows. */
    public static void putEvent(Envelope envelope) {
        if (envelope.id() != null) {
            MDC.put(EVENT_ID, envelope.id());
        }
        MDC.put(EVENT_TYPE, envelope.event());
        MDC.put(EVENT_VERSION, envelope.version().toString());
    }

    static void clear() {
        MDC.remove(MESSAGE_ID);
        MDC.remove(RECEIVE_COUNT);
        MDC.remove(EVENT_ID);
        MDC.remove(EVENT_TYPE);
        MDC.remove(EVENT_VERSION);
        MDC.remove(OUTCOME);
    }
}
