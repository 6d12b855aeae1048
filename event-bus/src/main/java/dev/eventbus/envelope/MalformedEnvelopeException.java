package dev.eventbus.envelope;

import dev.eventbus.EventBusException;

/**
 * A message body that is not an envelope: not JSON at all, beyond the parsing limits, or JSON without
 * the fields an envelope needs. Such a message can never succeed, so a worker dead-letters it at once
 * with {@link #reason()} as the reason.
 */
public final class MalformedEnvelopeException extends EventBusException {

    /** Why the body was rejected, as the reason code a DLQ message carries. */
    public enum Reason {
        /** Not parseable as JSON, or beyond the parser's size, depth or length limits. */
        MALFORMED_JSON("malformed_json"),
        /** Parseable JSON, but not an envelope (missing or mistyped fields). */
        INVALID_ENVELOPE("invalid_envelope");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public MalformedEnvelopeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MalformedEnvelopeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
