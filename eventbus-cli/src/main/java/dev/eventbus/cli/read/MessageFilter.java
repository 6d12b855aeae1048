package dev.eventbus.cli.read;

import dev.eventbus.cli.output.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which DLQ messages a command acts on. Every given criterion must hold; an empty set of values for a
 * criterion means "any". Versions match exactly ({@code 1.2}) or by major ({@code 1}); ids match the
 * event id or the SQS message id; ages count from the last failure (else from when SQS accepted the
 * message).
 */
public record MessageFilter(Set<String> reasons, Set<String> types, Set<String> versions, Set<String> fingerprints, Set<String> ids,
        Duration olderThan, Duration newerThan) {

    public static final MessageFilter ALL = new MessageFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, null);

    public MessageFilter {
        reasons = Set.copyOf(reasons);
        types = Set.copyOf(types);
        versions = Set.copyOf(versions);
        fingerprints = Set.copyOf(fingerprints);
        ids = Set.copyOf(ids);
    }

    public boolean matches(DeadMessage m, Instant now) {
        if (!reasons.isEmpty() && !has(reasons, m.reason())) {
            return false;
        }
        if (!types.isEmpty() && !has(types, m.eventType())) {
            return false;
        }
        if (!versions.isEmpty() && !versionMatches(m.eventVersion())) {
            return false;
        }
        if (!fingerprints.isEmpty() && !has(fingerprints, m.fingerprint())) {
            return false;
        }
        if (!ids.isEmpty() && !has(ids, m.eventId()) && !has(ids, m.messageId())) {
            return false;
        }
        if (olderThan != null || newerThan != null) {
            Instant since = m.deadSince();
            if (since == null) {
                return false;
            }
            Duration age = Duration.between(since, now);
            if (olderThan != null && age.compareTo(olderThan) < 0) {
                return false;
            }
            if (newerThan != null && age.compareTo(newerThan) >= 0) {
                return false;
            }
        }
        return true;
    }

    private boolean versionMatches(String version) {
        if (version == null) {
            return false;
        }
        String major = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
        return versions.contains(version) || versions.contains(major);
    }

    /** Immutable sets refuse to look up null; a message without the value matches no given value. */
    private static boolean has(Set<String> values, String value) {
        return value != null && values.contains(value);
    }

    public boolean isAll() {
        return equals(ALL);
    }

    /** The filter as the command line would give it, for summaries and audit records; "all" when empty. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        reasons.stream().sorted().forEach(v -> parts.add("--reason " + v));
        types.stream().sorted().forEach(v -> parts.add("--type " + v));
        versions.stream().sorted().forEach(v -> parts.add("--version " + v));
        fingerprints.stream().sorted().forEach(v -> parts.add("--fingerprint " + v));
        if (ids.size() <= 5) {
            ids.stream().sorted().forEach(v -> parts.add("--id " + v));
        } else {
            parts.add("--id (" + ids.size() + " ids)");
        }
        if (olderThan != null) {
            parts.add("--older-than " + Durations.format(olderThan).replace(" ", ""));
        }
        if (newerThan != null) {
            parts.add("--newer-than " + Durations.format(newerThan).replace(" ", ""));
        }
        return parts.isEmpty() ? "all" : String.join(" ", parts);
    }
}
