package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void failuresTheWorkerFindsAreGroupedByCauseNotByTheDetailsOfEachMessage() {
        Failure unknownA = Failure.found(FailureReason.UNKNOWN_EVENT_TYPE, "no handler for event type invoice.frozen", null, null);
        Failure unknownB = Failure.found(FailureReason.UNKNOWN_EVENT_TYPE, "no handler for event type refund.issued", null, null);
        Failure truncatedA = Failure.found(FailureReason.MALFORMED_JSON, "the message body is not valid JSON: it ends before its value does",
                "(at line 1, column 43)", null);
        Failure truncatedB = Failure.found(FailureReason.MALFORMED_JSON, "the message body is not valid JSON: it ends before its value does",
                "(at line 3, column 7)", null);

        assertThat(unknownA.fingerprint()).isNotEqualTo(unknownB.fingerprint());
        assertThat(truncatedA.fingerprint()).isEqualTo(truncatedB.fingerprint());
        assertThat(truncatedA.message()).isEqualTo("the message body is not valid JSON: it ends before its value does (at line 1, column 43)");
    }

    @Test
    void exceptionsAreGroupedByClassAndFramesNotByMessage() {
        Failure a = fail("smtp 451 for a@example.com");
        Failure b = fail("smtp 451 for b@example.com");

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(a.errorClass()).isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void messagesAreOnePrintableLineOfAtMost256Characters() {
        Failure failure = Failure.of(FailureReason.HANDLER_ERROR, "line one\nline two\u0000\ud800 " + "x".repeat(400), "h");

        assertThat(failure.message()).hasSize(Failure.MAX_MESSAGE_LENGTH).startsWith("line one line two   x").endsWith("…")
                .doesNotContain("\n", "\u0000", "\ud800");
    }

    private static Failure fail(String message) {
        try {
            throw new IllegalStateException(message);
        } catch (IllegalStateException e) {
            return Failure.of(FailureReason.HANDLER_ERROR, e, "h");
        }
    }
}
