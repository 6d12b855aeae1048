package dev.eventbus.cli.failure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An event's dedupe state at its consumer: never seen, claimed by an attempt now, or done (the consumer
 * acks a new copy as a duplicate), with the time left on the key and the handler steps completed.
 */
public record DedupeView(Status status, Duration ttl, List<String> stepsDone) {

    /** The states of an event's claim key. */
    public enum Status { NEVER_SEEN, CLAIMED, DONE }

    public DedupeView {
        Objects.requireNonNull(status, "status");
        stepsDone = stepsDone == null ? List.of() : List.copyOf(stepsDone);
    }

    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("status", status);
        f.put("ttl_seconds", ttl == null ? null : ttl.toSeconds());
        f.put("steps_done", stepsDone);
        return f;
    }

    /** "done (expires in 14d 23h); steps done: send-email" */
    public String describe() {
        String text = status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (ttl != null) {
            text += (status == Status.CLAIMED ? " (lease " : " (expires in ") + dev.eventbus.cli.output.Durations.format(ttl) + ")";
        }
        if (!stepsDone.isEmpty()) {
            text += "; steps done: " + String.join(", ", stepsDone);
        }
        return text;
    }
}
