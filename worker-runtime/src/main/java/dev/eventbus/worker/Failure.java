package dev.eventbus.worker;

import dev.eventbus.worker.internal.Digests;
import java.util.Objects;

/**
 * Why one attempt at a message failed: the reason code, the error's class and short message, a
 * fingerprint that groups failures with the same cause, and the handler that ran (if any).
 *
 * <p>For an exception, the fingerprint hashes its class and top stack frames (class and method, not
 * line numbers), so the same bug fails with the same fingerprint across builds and messages. For a
 * failure the worker finds itself, it hashes the reason and the cause (the message without the details
 * that differ from message to message, such as a position in the body or an id), so two unknown event
 * types make two groups while two truncated bodies make one.
 */
public record Failure(FailureReason reason, String errorClass, String message, String fingerprint, String handler) {

    /** Longest error message kept; SQS attributes and logs do not need more. */
    public static final int MAX_MESSAGE_LENGTH = 256;

    private static final int FINGERPRINT_FRAMES = 5;

    public Failure {
        Objects.requireNonNull(reason, "reason");
        errorClass = errorClass == null ? "" : errorClass;
        message = shorten(message == null ? "" : message);
        fingerprint = fingerprint == null ? "" : fingerprint;
        handler = handler == null ? "" : handler;
    }

    /** A failure caused by an exception. */
    public static Failure of(FailureReason reason, Throwable error, String handler) {
        return new Failure(reason, error.getClass().getName(), describe(error), fingerprint(error), handler);
    }

    /** A failure found by the worker itself, with no exception behind it; grouped by reason and message. */
    public static Failure of(FailureReason reason, String message, String handler) {
        return found(reason, message, null, handler);
    }

    /**
     * A failure found by the worker itself: {@code cause} says what is wrong and groups the failure,
     * {@code detail} (may be {@code null}) adds what differs between messages with the same cause.
     */
    public static Failure found(FailureReason reason, String cause, String detail, String handler) {
        String message = detail == null || detail.isEmpty() ? cause : cause + " " + detail;
        return new Failure(reason, "", message, Digests.sha256(reason.code() + "|" + cause, 6), handler);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }

    static String fingerprint(Throwable error) {
        StringBuilder text = new StringBuilder(error.getClass().getName());
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(FINGERPRINT_FRAMES, frames.length); i++) {
            text.append('|').append(frames[i].getClassName()).append('.').append(frames[i].getMethodName());
        }
        return Digests.sha256(text.toString(), 6);
    }

    /** One line of printable text (no control characters or lone surrogates), at most {@link #MAX_MESSAGE_LENGTH} long. */
    private static String shorten(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_LENGTH + 1));
        int i = 0;
        while (i < text.length() && out.length() <= MAX_MESSAGE_LENGTH) {
            int c = text.codePointAt(i);
            boolean unprintable = c < 0x20 || (c >= 0x7f && c < 0xa0) || (c <= 0xffff && Character.isSurrogate((char) c));
            out.appendCodePoint(unprintable ? ' ' : c);
            i += Character.charCount(c);
        }
        String line = out.toString().strip();
        if (i >= text.length() && line.length() <= MAX_MESSAGE_LENGTH) {
            return line;
        }
        int cut = Math.min(line.length(), MAX_MESSAGE_LENGTH - 1);
        if (cut > 0 && Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut) + "…";
    }
}
