package dev.eventbus.worker;

/**
 * Why a message was not handled, as the reason code a DLQ message and the failure record carry. A
 * bounded set, so it is also safe as a metric tag.
 */
public enum FailureReason {
    /** The body is not JSON, or is beyond the parser's limits. */
    MALFORMED_JSON("malformed_json", false),
    /** JSON, but not an event envelope. */
    INVALID_ENVELOPE("invalid_envelope", false),
    /** The payload breaks its event's schema. */
    SCHEMA_VIOLATION("schema_violation", false),
    /** No handler is registered for the event type. */
    UNKNOWN_EVENT_TYPE("unknown_event_type", false),
    /** Handlers exist for the event type, but none for this major version and no upcaster reaches one. */
    UNSUPPORTED_VERSION("unsupported_version", false),
    /** An upcaster could not convert the payload to the handler's major, or its output breaks that major's schema. */
    UPCAST_FAILED("upcast_failed", false),
    /** The event id was handled before with a different payload: a producer reused an id. */
    ID_REUSED("id_reused", false),
    /** The handler threw {@link NonRetryableException}. */
    NON_RETRYABLE("non_retryable", false),
    /** The handler threw anything else. */
    HANDLER_ERROR("handler_error", true),
    /** The handler ran past its time limit and was interrupted. */
    TIMEOUT("timeout", true),
    /** The dedupe store (Redis) could not be reached, so the handler was not run. */
    DEDUPE_UNAVAILABLE("dedupe_unavailable", true),
    /** Another worker holds this event's claim; it is retried after that worker finishes. */
    IN_PROGRESS_ELSEWHERE("in_progress_elsewhere", true);

    private final String code;
    private final boolean retryable;

    FailureReason(String code, boolean retryable) {
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    /**
     * The reason whose {@link #code()} is {@code code}.
     *
     * @throws IllegalArgumentException naming the known codes, for any other text
     */
    public static FailureReason fromCode(String code) {
        for (FailureReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown failure reason \"" + code + "\"; known reasons are "
                + java.util.Arrays.stream(values()).map(FailureReason::code).toList());
    }

    /** Whether a later attempt can succeed; non-retryable reasons go to the DLQ at once. */
    public boolean retryable() {
        return retryable;
    }
}
