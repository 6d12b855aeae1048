package dev.eventbus.cli.stats;

import dev.eventbus.cli.read.DeadMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts of DLQ messages under one grouping key, with the age span and a sample event id per group and
 * where each group's reasons came from. Thread-safe ({@link #add} is synchronized).
 */
final class Grouping {

    /** One group: its key fields, count, oldest and newest failure, a sample event id, and reason sources. */
    static final class Group {
        final Map<String, Object> key;
        long count;
        Instant oldest;
        Instant newest;
        String sampleEventId;
        final TreeSet<String> sources = new TreeSet<>();

        Group(Map<String, Object> key) {
            this.key = key;
        }

        void add(DeadMessage m) {
            count++;
            Instant at = m.deadSince();
            if (at != null) {
                oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
                newest = newest == null || at.isAfter(newest) ? at : newest;
            }
            if (sampleEventId == null) {
                sampleEventId = m.eventId();
            }
            sources.add(m.reasonSource());
        }

        Map<String, Object> fields(String by) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("by", by);
            f.putAll(key);
            f.put("count", count);
            f.put("from", String.join("+", sources));
            f.put("oldest", oldest);
            f.put("newest", newest);
            f.put("sample_event_id", sampleEventId);
            return f;
        }
    }

    private final String by;
    private final java.util.function.Function<DeadMessage, Map<String, Object>> keyOf;
    private final Map<Map<String, Object>, Group> groups = new LinkedHashMap<>();

    Grouping(String by, java.util.function.Function<DeadMessage, Map<String, Object>> keyOf) {
        this.by = by;
        this.keyOf = keyOf;
    }

    synchronized void add(DeadMessage m) {
        groups.computeIfAbsent(keyOf.apply(m), Group::new).add(m);
    }

    /** The groups, largest first, as output rows. */
    synchronized List<Map<String, Object>> rows() {
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingLong((Group g) -> g.count).reversed());
        return sorted.stream().map(g -> g.fields(by)).toList();
    }
}
