package dev.eventbus.cli.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One audited action.
 *
 * @param id the Redis stream entry id, or {@code null} when the record only reached the log
 * @param action {@code replay}, {@code force}, {@code redrive}, {@code redrive_cancel}, {@code purge},
 *     {@code export} or {@code reveal}
 * @param queue the DLQ acted on
 * @param destination where messages went ({@code replay}, {@code redrive}), or {@code null}
 * @param filter the filter, as the command line gave it
 * @param counts what happened, e.g. {@code matched}, {@code replayed}, {@code failed}
 * @param replayId the replay's id (the {@code eventbus.replay_id} attribute of the messages it sent), or {@code null}
 */
public record AuditRecord(String id, Instant at, String actor, String action, String queue, String destination, String filter,
        Map<String, Long> counts, String replayId, String detail) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        counts = counts == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(counts));
    }

    /** The record with its stream entry id. */
    AuditRecord withId(String streamId) {
        return new AuditRecord(streamId, at, actor, action, queue, destination, filter, counts, replayId, detail);
    }

    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("at", at);
        f.put("actor", actor);
        f.put("action", action);
        f.put("queue", queue);
        f.put("destination", destination);
        f.put("filter", filter);
        f.put("counts", new java.util.TreeMap<>(counts));
        f.put("replay_id", replayId);
        f.put("detail", detail);
        return f;
    }

    /** The stream entry's fields (strings; absent values left out). */
    Map<String, String> streamFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("at", at.toString());
        f.put("actor", actor);
        f.put("action", action);
        putIfSet(f, "queue", queue);
        putIfSet(f, "destination", destination);
        putIfSet(f, "filter", filter);
        f.put("counts", JSON.writeValueAsString(new java.util.TreeMap<>(counts)));
        putIfSet(f, "replay_id", replayId);
        putIfSet(f, "detail", detail);
        return f;
    }

    static AuditRecord fromStream(String id, Map<String, String> f) {
        Map<String, Long> counts = f.containsKey("counts") ? JSON.readValue(f.get("counts"), new TypeReference<Map<String, Long>>() {}) : Map.of();
        return new AuditRecord(id, Instant.parse(f.get("at")), f.getOrDefault("actor", "unknown"), f.getOrDefault("action", "unknown"),
                f.get("queue"), f.get("destination"), f.get("filter"), counts, f.get("replay_id"), f.get("detail"));
    }

    String toJson() {
        Map<String, Object> f = new LinkedHashMap<>(fields());
        f.put("at", at.toString());
        return JSON.writeValueAsString(f);
    }

    private static void putIfSet(Map<String, String> f, String key, String value) {
        if (value != null && !value.isEmpty()) {
            f.put(key, value);
        }
    }
}
