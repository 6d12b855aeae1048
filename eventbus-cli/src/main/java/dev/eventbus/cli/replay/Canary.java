package dev.eventbus.cli.replay;

import dev.eventbus.cli.failure.DedupeView;
import dev.eventbus.cli.failure.FailureInfo;
import dev.eventbus.cli.failure.WorkerRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches replayed canaries until each is handled, acked as a duplicate or failed again, or the wait
 * runs out, from the worker's records in Redis: handled when the event's dedupe marker turns done;
 * a duplicate when it was already done when sent (the consumer acks it without running the handler);
 * failed when its failure record changed after it was sent (the worker records every failed attempt,
 * the one that dead-letters it included). Blocking.
 */
final class Canary {

    /** How a canary ended. */
    enum Outcome { HANDLED, DUPLICATE, FAILED, PENDING }

    /** One canary's end. */
    record Watched(Replayer.Sent sent, Outcome outcome, String detail) {
        boolean ok() {
            return outcome == Outcome.HANDLED || outcome == Outcome.DUPLICATE;
        }

        Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("event_id", sent.message().eventId());
            f.put("event_type", sent.message().eventType());
            f.put("sent_message_id", sent.sentMessageId());
            f.put("outcome", outcome);
            f.put("detail", detail);
            return f;
        }
    }

    private static final Duration POLL = Duration.ofMillis(250);

    private final WorkerRecords records;
    private final boolean force;

    Canary(WorkerRecords records, boolean force) {
        this.records = records;
        this.force = force;
    }

    List<Watched> await(List<Replayer.Sent> canaries, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<Replayer.Sent, Watched> done = new LinkedHashMap<>();
        while (true) {
            for (Replayer.Sent sent : canaries) {
                if (!done.containsKey(sent)) {
                    Optional<Watched> end = check(sent);
                    end.ifPresent(w -> done.put(sent, w));
                }
            }
            if (done.size() == canaries.size() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(POLL);
        }
        List<Watched> all = new ArrayList<>();
        for (Replayer.Sent sent : canaries) {
            all.add(done.getOrDefault(sent, new Watched(sent, Outcome.PENDING,
                    sent.keys() == null ? "cannot be watched: the body is no envelope or its consumer is unknown"
                            : "neither handled nor failed within " + wait.toSeconds() + " s")));
        }
        return all;
    }

    private Optional<Watched> check(Replayer.Sent sent) {
        if (sent.keys() == null) {
            return Optional.empty();
        }
        if (!force && sent.before() != null && sent.before().status() == DedupeView.Status.DONE) {
            return Optional.of(new Watched(sent, Outcome.DUPLICATE, "handled before; acked without running the handler"));
        }
        Optional<FailureInfo> failure = records.lastFailure(sent.keys());
        if (failure.isPresent() && changed(sent.failureBefore(), failure.get())) {
            FailureInfo f = failure.get();
            return Optional.of(new Watched(sent, Outcome.FAILED, f.reason() + ": " + f.errorClass() + ": " + f.errorMessage()));
        }
        Optional<DedupeView> state = records.inspect(sent.keys());
        if (state.isPresent() && state.get().status() == DedupeView.Status.DONE) {
            return Optional.of(new Watched(sent, Outcome.HANDLED, "handled"));
        }
        return Optional.empty();
    }

    private static boolean changed(FailureInfo before, FailureInfo now) {
        return before == null || !Objects.equals(before.failedAt(), now.failedAt()) || before.attempts() != now.attempts()
                || before.history().size() != now.history().size();
    }
}
