package dev.eventbus.envelope;

/**
 * Names of the message attributes that travel beside the envelope. The body stays authoritative; the
 * attributes exist so SNS filter policies and tools can see the type without parsing it. SQS allows ten
 * attributes per message, so the bus uses at most three.
 */
public final class MessageAttributes {

    public static final String EVENT_TYPE = "EventType";
    public static final String EVENT_VERSION = "EventVersion";
    public static final String TRACEPARENT = "traceparent";

    private MessageAttributes() {}
}
