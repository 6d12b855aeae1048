package dev.eventbus.notification.feed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a feed entry is stored: {@code {"id", "kind", "at" (ISO-8601), "details": {name: value}}}, one
 * JSON object per entry, so readers in other languages can use the feed too.
 */
final class FeedEntryJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FeedEntryJson() {}

    static String write(FeedEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", entry.id());
        node.put("kind", entry.kind());
        node.put("at", entry.at().toString());
        ObjectNode details = node.putObject("details");
        entry.details().forEach(details::put);
        return JSON.writeValueAsString(node);
    }

    static FeedEntry read(String json) {
        JsonNode node = JSON.readTree(json);
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode d = node.path("details");
        for (String name : d.propertyNames()) {
            details.put(name, d.get(name).asString());
        }
        return new FeedEntry(node.get("id").asString(), node.get("kind").asString(), Instant.parse(node.get("at").asString()), details);
    }
}
