package dev.eventbus.envelope;

import dev.eventbus.EventBusException;

/**
 * A message body that is not an envelope: not JSON at all, beyond the parsing limits, or JSON without
 * the fields an envelope needs. Such a message can never succeed, so a worker dead-letters it at once
 * with {@link #reason()} as the reason. The message names the rule broken and where, never text copied
 * from the body (which may carry personal data, or be written to mislead whoever reads the logs).
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
    private final String problem;
    private final String position;

    public MalformedEnvelopeException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public MalformedEnvelopeException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, cause);
    }

    /**
     * A rejected body: {@code problem} names the rule it breaks, {@code position} (may be {@code null})
     * where, such as {@code (at line 1, column 12)}. Neither repeats text of the body.
     */
    public MalformedEnvelopeException(Reason reason, String problem, String position, Throwable cause) {
        super(position == null ? problem : problem + " " + position, cause);
        this.reason = reason;
        this.problem = problem;
        this.position = position;
    }

    public Reason reason() {
        return reason;
    }

    /** What is wrong with the body, the same for every body that breaks the same rule. */
    public String problem() {
        return problem;
    }

    /** Where in the body it went wrong, or {@code null} when that is not known. */
    public String position() {
        return position;
    }
}
