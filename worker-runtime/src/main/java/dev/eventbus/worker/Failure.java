package dev.eventbus.worker;

import dev.eventbus.worker.internal.Digests;
import java.util.Objects;

/**
 * Why one attempt at a message failed: the reason code, the error's class and short message, a
 * fingerprint that groups failures with the same cause, and the handler that ran (if any).
 *
 * <p>The fingerprint hashes the error class and its top stack frames (class and method, not line
 * numbers), so the same bug fails with the same fingerprint across builds and messages.
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

    /** A failure found by the worker itself, with no exception behind it. */
    public static Failure of(FailureReason reason, String message, String handler) {
        return new Failure(reason, "", message, fingerprint(reason.code(), message == null ? "" : firstWords(message)), handler);
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

    private static String fingerprint(String code, String detail) {
        return Digests.sha256(code + "|" + detail, 6);
    }

    private static String firstWords(String message) {
        // Worker-found failures embed values (ids, pointers) after a colon; group on the part before it.
        int colon = message.indexOf(':');
        return colon > 0 ? message.substring(0, colon) : message;
    }


    private static String shorten(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_MESSAGE_LENGTH ? oneLine : oneLine.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }
}
