package dev.eventbus.cli.replay;

import dev.eventbus.cli.failure.DedupeView;
import dev.eventbus.cli.read.DeadLetters;
import dev.eventbus.cli.read.DeadMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the consumer will do with a replayed message, judged from its body and its event's dedupe state. */
record Prediction(DeadMessage message, Outcome outcome, String detail) {

    /** The predicted outcomes. */
    enum Outcome {
        /** Never handled (or forced): the handler runs. */
        HANDLE,
        /** Handled before: acked as a duplicate without running the handler. */
        DUPLICATE,
        /** An attempt holds the event's claim now: the copy is retried until that attempt finishes. */
        IN_PROGRESS,
        /** The body is no envelope: it will be dead-lettered again. */
        DEAD_LETTER_AGAIN,
        /** No dedupe state could be read. */
        UNKNOWN
    }

    static Prediction of(DeadMessage m, DeadLetters letters, boolean force) {
        if (m.decodeError() != null) {
            return new Prediction(m, Outcome.DEAD_LETTER_AGAIN, m.decodeError() + ": the body is not an envelope");
        }
        var keys = letters.keys(m);
        if (keys.isEmpty()) {
            return new Prediction(m, Outcome.UNKNOWN, "no consumer known for it; give --consumer");
        }
        if (!letters.records().connected()) {
            return new Prediction(m, Outcome.UNKNOWN, "no --redis: dedupe state not checked");
        }
        var state = letters.records().inspect(keys.get());
        if (state.isEmpty()) {
            return new Prediction(m, Outcome.UNKNOWN, "dedupe state not readable");
        }
        return switch (state.get().status()) {
            case DONE -> force
                    ? new Prediction(m, Outcome.HANDLE, "handled before; --force clears its done marker, so it runs again")
                    : new Prediction(m, Outcome.DUPLICATE, "handled before: acked without running the handler (--force runs it again)");
            case CLAIMED -> new Prediction(m, Outcome.IN_PROGRESS, "an attempt holds its claim now; the copy waits for it");
            case NEVER_SEEN -> new Prediction(m, Outcome.HANDLE, "not handled yet" + steps(state.get()));
        };
    }

    private static String steps(DedupeView state) {
        return state.stepsDone().isEmpty() ? "" : "; steps already done are skipped: " + String.join(", ", state.stepsDone());
    }

    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("message_id", message.messageId());
        f.put("event_id", message.eventId());
        f.put("event_type", message.eventType());
        f.put("event_version", message.eventVersion());
        f.put("reason", message.reason());
        f.put("fingerprint", message.fingerprint());
        f.put("prediction", outcome);
        f.put("detail", detail);
        return f;
    }
}
