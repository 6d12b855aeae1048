package dev.eventbus.bench.faults;

import dev.eventbus.bench.faults.FaultPlan.Kind;
import dev.eventbus.bench.faults.FaultSuite.Injected;
import dev.eventbus.worker.DeadLetter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * What became of every event of a fault run, judged as Jepsen's queue checker does over the full history
 * after a complete drain: each published event must have had its side effect exactly once (or be in the
 * DLQ, which should hold nothing), and each extra side effect is attributed to a cause by the faults
 * around it. Immutable once built.
 *
 * <p>A repeated side effect is caused by
 * <ul>
 *   <li>a <b>crash inside the effect-marker window</b> when the worker that performed the earlier one was
 *       killed (kill -9) after it and before the repeat, within {@link #MARKER_WINDOW} of it (or while a
 *       store fault kept the marker from being written): the one window no dedupe store can close, which a
 *       handler closes with an idempotency key its receiver honours;
 *   <li>a <b>store fault</b> when the earlier one happened during a Redis fault (from {@link #BEFORE_FAULT}
 *       before it until {@link #AFTER_FAULT} after it): the worker let a completed step run again because
 *       it could not write its marker; never acceptable;
 *   <li>a <b>SIGTERM</b> when its worker was stopped gracefully in between: shutdown lost what it owed;
 *   <li>otherwise it is <b>unexplained</b>.
 * </ul>
 */
final class FaultReport {

    /** How long after a side effect a worker may still be writing its marker (with the done marker, before the delete). */
    static final Duration MARKER_WINDOW = Duration.ofSeconds(2);
    static final Duration BEFORE_FAULT = Duration.ofMillis(500);
    static final Duration AFTER_FAULT = Duration.ofSeconds(2);

    /** A message found in the DLQ after the drain: its event id and why it is there. */
    record DlqMessage(String eventId, String reason) {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        /**
         * Reads the worker's {@code eventbus.failure} attribute ({@link DeadLetter}); a message without one was moved
         * by the queue's redrive policy ({@code max_receives}).
         */
        static DlqMessage of(String body, Map<String, MessageAttributeValue> attributes) {
            Optional<DeadLetter> letter = DeadLetter.fromAttributes(attributes);
            String eventId = letter.map(DeadLetter::eventId).orElse(null);
            return new DlqMessage(eventId != null ? eventId : bodyId(body),
                    letter.map(l -> l.reason().code()).orElse("max_receives (moved by the redrive policy)"));
        }

        private static String bodyId(String body) {
            try {
                return JSON.readTree(body).path("id").asString("?");
            } catch (RuntimeException e) {
                return "?";
            }
        }
    }

    enum Cause {
        CRASH("crash inside the effect-marker window (kill -9)"),
        STORE_FAULT("store fault"),
        SHUTDOWN("SIGTERM (graceful shutdown)"),
        UNEXPLAINED("unexplained (no fault near it)");

        final String description;

        Cause(String description) {
            this.description = description;
        }
    }

    /** A repeated side effect: the earlier one, the repeat, and why. */
    record Duplicate(String eventId, Ledger.Effect earlier, Ledger.Effect again, Cause cause, String why) {}

    private final FaultSuite.Options options;
    private final FaultPlan plan;
    private final int published;
    private final int publishFailures;
    private final int handledOnce;
    private final List<String> lost;
    private final List<String> unexpected;
    private final List<Duplicate> duplicates = new ArrayList<>();
    private final List<DlqMessage> deadLetters;
    private final int highestReceiveCount;
    private final String highestReceived;
    private final long redeliveredMessages;
    private final Map<String, Long> outcomes;
    private final Map<String, Long> warnings;
    private final List<Ledger.LeaseLoss> leaseLosses;
    private final List<Injected> injected;
    private final List<Injected> finalStops;
    private final List<String> problems;
    private final boolean drained;
    private final long remaining;
    private final long drainMillis;
    private final long totalMillis;

    FaultReport(FaultSuite.Options options, FaultPlan plan, Set<String> publishedIds, int publishFailures, List<Ledger.Effect> effects,
            List<DlqMessage> deadLetters, List<Ledger.Redelivery> redeliveries, Map<String, Long> outcomes, Map<String, Long> warnings,
            List<Ledger.LeaseLoss> leaseLosses, List<Injected> injected, List<Injected> finalStops, List<String> problems,
            boolean drained, long remaining, long drainMillis, long totalMillis) {
        this.options = options;
        this.plan = plan;
        this.published = publishedIds.size();
        this.publishFailures = publishFailures;
        this.deadLetters = List.copyOf(deadLetters);
        this.outcomes = Map.copyOf(outcomes);
        this.warnings = new LinkedHashMap<>(warnings);
        this.leaseLosses = List.copyOf(leaseLosses);
        this.injected = List.copyOf(injected);
        this.finalStops = List.copyOf(finalStops);
        this.problems = List.copyOf(problems);
        this.drained = drained;
        this.remaining = remaining;
        this.drainMillis = drainMillis;
        this.totalMillis = totalMillis;

        Map<String, List<Ledger.Effect>> byEvent = new TreeMap<>();
        for (Ledger.Effect effect : effects) {
            byEvent.computeIfAbsent(effect.eventId(), k -> new ArrayList<>()).add(effect);
        }
        Set<String> dead = deadLetters.stream().map(DlqMessage::eventId).collect(Collectors.toSet());
        this.lost = publishedIds.stream().filter(id -> !byEvent.containsKey(id) && !dead.contains(id)).sorted().toList();
        this.unexpected = byEvent.keySet().stream().filter(id -> !publishedIds.contains(id)).toList();
        int once = 0;
        for (Map.Entry<String, List<Ledger.Effect>> entry : byEvent.entrySet()) {
            List<Ledger.Effect> list = entry.getValue();
            list.sort(Comparator.comparingLong(Ledger.Effect::at));
            if (list.size() == 1) {
                once++;
            }
            for (int i = 1; i < list.size(); i++) {
                duplicates.add(attribute(entry.getKey(), list.get(i - 1), list.get(i)));
            }
        }
        this.handledOnce = once;

        int highest = 0;
        String which = "-";
        for (Ledger.Redelivery r : redeliveries) {
            if (r.receiveCount() > highest) {
                highest = r.receiveCount();
                which = "message " + r.messageId();
            }
        }
        for (Ledger.Effect e : effects) {
            if (e.receiveCount() > highest) {
                highest = e.receiveCount();
                which = "event " + e.eventId();
            }
        }
        this.highestReceiveCount = Math.max(1, highest);
        this.highestReceived = which;
        this.redeliveredMessages = redeliveries.stream().map(Ledger.Redelivery::messageId).distinct().count();
    }

    private Duplicate attribute(String eventId, Ledger.Effect earlier, Ledger.Effect again) {
        for (Injected kill : of(Kind.KILL)) {
            if (kill.pid() == earlier.pid() && kill.start() >= earlier.at() && kill.start() <= again.at()
                    && (kill.start() - earlier.at() <= MARKER_WINDOW.toMillis() || storeFaultSpans(earlier.at(), kill.start()))) {
                return new Duplicate(eventId, earlier, again, Cause.CRASH,
                        "its worker (pid " + kill.pid() + ") was killed " + (kill.start() - earlier.at()) + " ms after the side effect");
            }
        }
        for (Injected fault : injected) {
            if (fault.kind().storeFault() && earlier.at() >= fault.start() - BEFORE_FAULT.toMillis()
                    && earlier.at() <= fault.end() + AFTER_FAULT.toMillis()) {
                return new Duplicate(eventId, earlier, again, Cause.STORE_FAULT, "the side effect came " + relativeTo(earlier.at(), fault)
                        + " (" + fault.kind().description() + ")");
            }
        }
        List<Injected> sigterms = new ArrayList<>(of(Kind.SIGTERM));
        sigterms.addAll(finalStops);
        for (Injected stop : sigterms) {
            if (stop.pid() == earlier.pid() && stop.start() >= earlier.at() && stop.start() <= again.at()) {
                return new Duplicate(eventId, earlier, again, Cause.SHUTDOWN,
                        "its worker (pid " + stop.pid() + ") got SIGTERM " + (stop.start() - earlier.at()) + " ms after the side effect");
            }
        }
        return new Duplicate(eventId, earlier, again, Cause.UNEXPLAINED, "no fault within the windows around it");
    }

    private boolean storeFaultSpans(long from, long to) {
        return injected.stream().anyMatch(f -> f.kind().storeFault() && f.start() - BEFORE_FAULT.toMillis() <= from
                && to <= f.end() + AFTER_FAULT.toMillis());
    }

    private static String relativeTo(long at, Injected fault) {
        if (at < fault.start()) {
            return (fault.start() - at) + " ms before the fault began";
        }
        if (at <= fault.end()) {
            return (at - fault.start()) + " ms into the fault";
        }
        return (at - fault.end()) + " ms after the fault ended";
    }

    private List<Injected> of(Kind kind) {
        return injected.stream().filter(f -> f.kind() == kind).toList();
    }

    // ---- figures ------------------------------------------------------------------------------

    int published() {
        return published;
    }

    int handledOnce() {
        return handledOnce;
    }

    List<String> lost() {
        return lost;
    }

    long duplicates(Cause cause) {
        return duplicates.stream().filter(d -> d.cause() == cause).count();
    }

    List<DlqMessage> deadLetters() {
        return deadLetters;
    }

    /** Lease-lost warnings that interrupt a handler which had already returned. */
    long strayInterrupts() {
        return leaseLosses.stream().filter(Ledger.LeaseLoss::strayInterrupt).count();
    }

    /** Every SIGTERM's exit status, the plan's and the final stop's. */
    List<Integer> sigtermExitCodes() {
        List<Integer> codes = new ArrayList<>();
        of(Kind.SIGTERM).forEach(s -> codes.add(s.exitCode()));
        finalStops.forEach(s -> codes.add(s.exitCode()));
        return codes;
    }

    boolean drained() {
        return drained;
    }

    /** Each check that failed, in words; empty when the run passed. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        check(failures, publishFailures == 0 && published == options.events, published + " of " + options.events
                + " events published (" + publishFailures + " refused)");
        check(failures, drained, "the queue did not drain within " + options.drainTimeout.toSeconds() + " s (" + remaining + " left)");
        check(failures, lost.isEmpty(), lost.size() + " events lost");
        check(failures, unexpected.isEmpty(), unexpected.size() + " side effects of events never published");
        check(failures, duplicates(Cause.STORE_FAULT) == 0, duplicates(Cause.STORE_FAULT) + " duplicate side effects caused by a store fault");
        check(failures, duplicates(Cause.SHUTDOWN) == 0, duplicates(Cause.SHUTDOWN) + " duplicate side effects after a SIGTERM");
        check(failures, duplicates(Cause.UNEXPLAINED) == 0, duplicates(Cause.UNEXPLAINED) + " unexplained duplicate side effects");
        check(failures, deadLetters.isEmpty(), deadLetters.size() + " messages dead-lettered");
        check(failures, strayInterrupts() == 0, strayInterrupts() + " lease-lost warnings interrupting a finished handler (stray interrupts)");
        check(failures, sigtermExitCodes().stream().allMatch(c -> c == 0), "SIGTERM exit codes " + sigtermExitCodes() + ", not all 0");
        check(failures, problems.isEmpty(), "worker trouble: " + problems);
        for (Kind kind : Kind.values()) {
            check(failures, of(kind).size() == plan.count(kind), "planned " + plan.count(kind) + " x " + kind.description() + " but injected "
                    + of(kind).size());
        }
        return failures;
    }

    boolean passed() {
        return failures().isEmpty();
    }

    private static void check(List<String> failures, boolean ok, String failure) {
        if (!ok) {
            failures.add(failure);
        }
    }

    // ---- printing -----------------------------------------------------------------------------

    void print(PrintStream out) {
        out.println();
        out.println("==> fault suite report");
        row(out, "published", String.format(Locale.ROOT, "%,d of %,d events (%d refused)", published, options.events, publishFailures));
        row(out, "handled once", String.format(Locale.ROOT, "%,d", handledOnce));
        row(out, "lost", lost.size() + (lost.isEmpty() ? "" : "  e.g. " + String.join(", ", lost.subList(0, Math.min(5, lost.size())))));
        row(out, "duplicate side effects", Integer.toString(duplicates.size()));
        Map<Cause, List<Duplicate>> byCause = new EnumMap<>(Cause.class);
        duplicates.forEach(d -> byCause.computeIfAbsent(d.cause(), c -> new ArrayList<>()).add(d));
        for (Cause cause : Cause.values()) {
            List<Duplicate> list = byCause.getOrDefault(cause, List.of());
            row(out, "  " + cause.description, Integer.toString(list.size()));
            for (Duplicate d : list.subList(0, Math.min(3, list.size()))) {
                out.printf(Locale.ROOT, "      e.g. event %s: pid %d at receive %d, again by pid %d at receive %d %d ms later; %s%n",
                        d.eventId(), d.earlier().pid(), d.earlier().receiveCount(), d.again().pid(), d.again().receiveCount(),
                        d.again().at() - d.earlier().at(), d.why());
            }
        }
        if (!unexpected.isEmpty()) {
            row(out, "side effects of unknown events", Integer.toString(unexpected.size()));
        }
        Map<String, Long> byReason = deadLetters.stream().collect(Collectors.groupingBy(DlqMessage::reason, TreeMap::new, Collectors.counting()));
        row(out, "dead-lettered", deadLetters.size() + (byReason.isEmpty() ? "" : "  by reason: " + byReason));
        row(out, "highest receive count", highestReceiveCount + (highestReceiveCount > 1 ? " (" + highestReceived + ")" : "")
                + String.format(Locale.ROOT, "; %,d messages received more than once", redeliveredMessages));
        row(out, "drain time", drained ? String.format(Locale.ROOT, "%.1f s", drainMillis / 1000.0)
                : "not drained after " + options.drainTimeout.toSeconds() + " s: " + remaining + " messages left on the queue");
        row(out, "exit codes", exitCodes());
        long stray = strayInterrupts();
        long finished = leaseLosses.stream().filter(Ledger.LeaseLoss::forFinishedHandler).count();
        row(out, "lease-lost warnings", leaseLosses.size() + ": " + (leaseLosses.size() - finished) + " while the handler ran, "
                + finished + " after it had returned");
        row(out, "  interrupting a finished handler (stray interrupts)", stray
                + (stray == 0 ? "" : ", up to " + leaseLosses.stream().filter(Ledger.LeaseLoss::strayInterrupt)
                        .mapToLong(Ledger.LeaseLoss::afterReturnMillis).max().orElse(0) + " ms after the handler returned"));
        row(out, "outcomes", outcomes.isEmpty() ? "-" : outcomes.entrySet().stream()
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue())).collect(Collectors.joining(", ")));
        row(out, "faults injected", faults());
        out.println("    worker warnings (by message, most frequent first):");
        if (warnings.isEmpty()) {
            out.println("      none");
        }
        warnings.entrySet().stream().limit(12).forEach(e -> out.printf(Locale.ROOT, "      %,7d  %s%n", e.getValue(), e.getKey()));
        if (warnings.size() > 12) {
            out.println("      ... and " + (warnings.size() - 12) + " more kinds");
        }
        out.printf(Locale.ROOT, "    whole run %d s; worker logs in %s%n", totalMillis / 1000, options.logs);
        List<String> failures = failures();
        out.println(failures.isEmpty() ? "PASS: nothing lost, no duplicate but from a crash inside the effect-marker window, "
                + "nothing dead-lettered, no stray interrupt, every SIGTERM exited 0"
                : "FAIL: " + String.join("; ", failures));
    }

    private String exitCodes() {
        StringBuilder s = new StringBuilder();
        List<Injected> kills = of(Kind.KILL);
        s.append("kill -9 ").append(kills.stream().map(k -> Integer.toString(k.exitCode())).collect(Collectors.joining(",", "[", "]")));
        List<Injected> sigterms = of(Kind.SIGTERM);
        s.append("; SIGTERM ").append(describeStops(sigterms));
        s.append("; final SIGTERM ").append(describeStops(finalStops));
        return s.toString();
    }

    private static String describeStops(List<Injected> stops) {
        if (stops.isEmpty()) {
            return "-";
        }
        return stops.stream().map(s -> s.exitCode() + " in " + String.format(Locale.ROOT, "%.1f s", (s.end() - s.start()) / 1000.0))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private String faults() {
        Map<Kind, Long> count = new EnumMap<>(Kind.class);
        injected.forEach(f -> count.merge(f.kind(), 1L, Long::sum));
        StringBuilder s = new StringBuilder();
        for (Map.Entry<Kind, Long> e : count.entrySet()) {
            s.append(s.isEmpty() ? "" : "; ").append(e.getValue()).append(" x ").append(e.getKey().description());
            if (e.getKey().storeFault()) {
                long millis = injected.stream().filter(f -> f.kind() == e.getKey()).mapToLong(f -> f.end() - f.start()).sum();
                s.append(String.format(Locale.ROOT, " (%.1f s)", millis / 1000.0));
            }
        }
        return s.isEmpty() ? "none" : s.toString();
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf(Locale.ROOT, "    %-54s %s%n", label, value);
    }
}
