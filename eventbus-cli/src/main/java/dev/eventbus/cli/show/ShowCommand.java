package dev.eventbus.cli.show;

import static dev.eventbus.cli.output.Output.column;

import dev.eventbus.cli.CliException;
import dev.eventbus.cli.CommonOptions;
import dev.eventbus.cli.ExitCode;
import dev.eventbus.cli.Session;
import dev.eventbus.cli.failure.DedupeView;
import dev.eventbus.worker.dedupe.EventKeys;
import dev.eventbus.cli.failure.FailureInfo;
import dev.eventbus.cli.output.Output;
import dev.eventbus.cli.read.DeadMessage;
import dev.eventbus.cli.read.DlqRead;
import dev.eventbus.cli.read.DlqReader;
import dev.eventbus.cli.read.ReadOptions;
import dev.eventbus.envelope.Envelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code eventbus dlq show QUEUE (EVENT_ID | --fingerprint FP | --reason R)}. */
@Command(name = "show", sortOptions = false,
        description = {"Shows dead letters in full: the envelope (payload values masked unless --reveal), the message attributes, "
                + "the failure with every recorded attempt (error class, message and time), and the event's dedupe state at its "
                + "consumer (never seen, claimed, done, steps done).",
                "Choose the messages by event id (or SQS message id), by --fingerprint or by --reason. The DLQ is not disturbed. "
                + "--reveal is audited.",
                "Exit status 1 when messages were found, 0 when none matched."})
public final class ShowCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue (name, URL or ARN) whose DLQ to read, or the DLQ itself.")
    String queue;

    @Parameters(index = "1", arity = "0..1", paramLabel = "EVENT_ID", description = "The event id (or SQS message id) to show.")
    String id;

    @Option(names = "--fingerprint", paramLabel = "FP", description = "Show messages with this failure fingerprint.")
    String fingerprint;

    @Option(names = "--reason", paramLabel = "REASON", description = "Show messages with this failure reason.")
    String reason;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Show at most N messages (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--reveal", description = "Show payload values and non-JSON bodies as they are (audited).")
    boolean reveal;

    @Mixin
    ReadOptions read;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if ((id != null ? 1 : 0) + (fingerprint != null ? 1 : 0) + (reason != null ? 1 : 0) != 1) {
            throw CliException.usage("say which messages to show: an EVENT_ID, --fingerprint FP or --reason REASON (one of them)");
        }
        if (limit < 1) {
            throw CliException.usage("--limit must be at least 1");
        }
        try (Session session = common.session()) {
            DlqRead dlq = DlqRead.open(session, queue, read);
            List<DeadMessage> found = Collections.synchronizedList(new ArrayList<>());
            try (DlqReader.Scan scan = dlq.scan("searching")) {
                scan.run((batch, s) -> {
                    for (DeadMessage m : dlq.letters().decode(batch)) {
                        if (selected(m)) {
                            found.add(m);
                            if (found.size() >= limit) {
                                s.stop();
                            }
                        }
                    }
                    return List.of();
                });
            }
            Output out = session.output();
            List<DeadMessage> shown = found.subList(0, Math.min(limit, found.size()));
            for (DeadMessage m : shown) {
                print(out, session, dlq, m);
            }
            if (shown.isEmpty()) {
                out.say("no message in " + dlq.target().dlqName() + " matches " + describeSelector());
            }
            if (reveal && !shown.isEmpty()) {
                session.audit().write(session.actor(), "reveal", dlq.target().dlqName(), null, describeSelector(),
                        Map.of("revealed", (long) shown.size()), null,
                        "event ids: " + String.join(" ", shown.stream().map(m -> String.valueOf(m.eventId())).toList()));
            }
            return shown.isEmpty() ? ExitCode.OK : ExitCode.FAILURES;
        }
    }

    private boolean selected(DeadMessage m) {
        if (id != null) {
            return id.equals(m.eventId()) || id.equals(m.messageId());
        }
        if (fingerprint != null) {
            return fingerprint.equals(m.fingerprint());
        }
        return reason.equals(m.reason());
    }

    private String describeSelector() {
        return id != null ? "--id " + id : fingerprint != null ? "--fingerprint " + fingerprint
                : "--reason " + reason;
    }

    private void print(Output out, Session session, DlqRead dlq, DeadMessage m) {
        Optional<EventKeys> keys = dlq.letters().keys(m);
        FailureInfo failure = m.failure();
        List<FailureInfo.Attempt> history = List.of();
        Optional<DedupeView> dedupe = Optional.empty();
        if (keys.isPresent() && dlq.letters().records().connected()) {
            Optional<FailureInfo> recorded = dlq.letters().records().lastFailure(keys.get());
            if (recorded.isPresent()) {
                history = recorded.get().history();
                if (failure == null) {
                    failure = recorded.get();
                }
            }
            dedupe = dlq.letters().records().inspect(keys.get());
        }
        Map<String, Object> attributes = new TreeMap<>();
        m.attributes().forEach((name, value) -> attributes.put(name, value.stringValue() != null ? value.stringValue()
                : "(" + value.dataType() + ")"));

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("message_id", m.messageId());
        f.put("dlq", dlq.target().dlqName());
        f.put("event_id", m.eventId());
        f.put("event_type", m.eventType());
        f.put("event_version", m.eventVersion());
        f.put("reason", m.reason());
        f.put("reason_from", failure == null ? "none" : failure.source());
        f.put("sent_at", m.sentAt());
        f.put("receive_count", m.receiveCount());
        f.put("failure", failure == null ? null : failure.fields());
        f.put("attempts", history.stream().map(FailureInfo.Attempt::fields).toList());
        f.put("dedupe_key", keys.map(EventKeys::claimKey).orElse(null));
        f.put("dedupe", dedupe.map(DedupeView::fields).orElse(null));
        f.put("attributes", attributes);
        f.put("masked", !reveal);
        f.put("envelope", envelope(m));
        if (out.isJson()) {
            out.record("message", f);
            return;
        }
        out.say("message " + m.messageId() + " in " + dlq.target().dlqName() + " (sent " + Output.text(m.sentAt()) + ", received "
                + m.receiveCount() + " times)");
        out.say("  event      " + Output.text(m.eventType()) + " " + Output.text(m.eventVersion()) + "  id " + Output.text(m.eventId()));
        if (failure == null) {
            out.say("  failure    max_receives: moved by the redrive policy, and no failure record was found"
                    + (dlq.letters().records().connected() ? "" : " (no --redis)"));
        } else {
            out.say("  failure    " + failure.reason() + " (from " + failure.source().name().toLowerCase(java.util.Locale.ROOT) + ")  "
                    + Output.text(failure.errorClass()) + ": " + Output.text(failure.errorMessage()));
            out.say("             fingerprint " + Output.text(failure.fingerprint()) + ", handler " + Output.text(failure.handler())
                    + ", consumer " + Output.text(failure.consumer()) + ", attempts " + failure.attempts() + ", failed at "
                    + Output.text(failure.failedAt()));
            if (!failure.droppedAttributes().isEmpty()) {
                out.say("             attributes the worker had to leave out: " + String.join(", ", failure.droppedAttributes()));
            }
        }
        if (!history.isEmpty()) {
            out.table("attempt", "  attempts", List.of(column("attempt", "#"), column("failed_at", "FAILED AT"), column("reason", "REASON"),
                    column("error_class", "ERROR CLASS"), column("error_message", "MESSAGE", 80)))
                    .rows(history.stream().map(FailureInfo.Attempt::fields).toList()).print();
        }
        out.say("  dedupe     " + (keys.isEmpty() ? "no key (the body is not an envelope)"
                : dedupe.map(DedupeView::describe).orElse(dlq.letters().records().connected() ? "unknown" : "unknown (no --redis)"))
                + keys.map(k -> "  [" + k.claimKey() + "]").orElse(""));
        out.say("  attributes " + Output.text(attributes));
        out.say("  envelope" + (reveal ? "" : " (payload values masked; --reveal shows them)"));
        Object envelope = envelope(m);
        String text = envelope instanceof JsonNode node ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) : String.valueOf(envelope);
        text.lines().forEach(line -> out.say("    " + line));
        out.say("");
    }

    /** The envelope as JSON with payload values masked (unless --reveal); a body that is no envelope, masked whole. */
    private Object envelope(DeadMessage m) {
        Envelope envelope = m.envelope();
        if (envelope == null) {
            return reveal ? m.body() : "(" + m.body().length() + " characters, not an envelope: " + m.decodeError() + "; --reveal shows them)";
        }
        JsonNode parsed = JSON.readTree(m.body());
        if (parsed.has("payload") && !reveal) {
            ((ObjectNode) parsed).set("payload", PayloadMask.mask(parsed.get("payload")));
        } else if (!parsed.has("payload") && !reveal) {
            return PayloadMask.mask(parsed);
        }
        return parsed;
    }
}
