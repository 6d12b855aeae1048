package dev.eventbus.envelope;

import dev.eventbus.EventBusException;

/** A payload that cannot be turned into the requested Java type, or a Java value that is not a JSON object. */
public final class PayloadMappingException extends EventBusException {

    public PayloadMappingException(String message, Throwable cause) {
        super(message, cause);
    }

    public PayloadMappingException(String message) {
        super(message);
    }
}
