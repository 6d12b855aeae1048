package dev.eventbus.schema.docs;

import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.internal.JsonFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the catalog as an AsyncAPI 3.0 document: one channel per topic or queue, one message per
 * event version (its payload the version's JSON Schema, its headers the {@code EventType} and
 * {@code EventVersion} message attributes), a {@code send} operation per event for its owner at the
 * current version and a {@code receive} operation per subscriber for every version. On the wire each
 * payload travels inside envelope v1; the document describes the payloads, which is what the catalog
 * owns.
 */
public final class AsyncApiDocument {

    private static final String SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12";

    /** The document for {@code catalog}, deterministic: the same catalog gives the same text. */
    public JsonNode render(EventCatalog catalog) {
        ObjectNode doc = JsonFiles.mapper().createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "eventbus events");
        info.put("version", contentVersion(catalog));
        info.put("description", "Every event of the catalog, generated from event-schemas/src/main/resources/eventbus by "
                + GenerateDocs.COMMAND + "; do not edit. Payloads travel inside envelope v1 (id, event, version,"
                + " timestamp, source, payload); info.version changes whenever a schema or the catalog does.");
        doc.put("defaultContentType", "application/json");
        Map<String, ObjectNode> channels = new TreeMap<>();
        ObjectNode operations = JsonFiles.mapper().createObjectNode();
        ObjectNode messages = JsonFiles.mapper().createObjectNode();
        for (EventDefinition event : catalog.events()) {
            String channelName = event.channel().name();
            ObjectNode channel = channels.computeIfAbsent(channelName, name -> newChannel(event));
            for (EventVersion version : event.versions()) {
                String id = messageId(event.name(), version);
                messages.set(id, message(catalog, event, version));
                ((ObjectNode) channel.get("messages")).putObject(id).put("$ref", "#/components/messages/" + id);
            }
            ObjectNode send = operations.putObject("publish-" + event.name());
            send.put("action", "send");
            send.putObject("channel").put("$ref", "#/channels/" + channelName);
            send.put("summary", event.owner() + " publishes " + event.name() + " " + event.currentVersion());
            send.putArray("messages").addObject().put("$ref",
                    "#/channels/" + channelName + "/messages/" + messageId(event.name(), event.currentVersion()));
            send.put("x-owner", event.owner());
            for (String subscriber : event.subscribers()) {
                ObjectNode receive = operations.putObject(subscriber + "-receives-" + event.name());
                receive.put("action", "receive");
                receive.putObject("channel").put("$ref", "#/channels/" + channelName);
                receive.put("summary", subscriber + " consumes " + event.name() + ", every version");
                ArrayNode refs = receive.putArray("messages");
                for (EventVersion version : event.versions()) {
                    refs.addObject().put("$ref", "#/channels/" + channelName + "/messages/" + messageId(event.name(), version));
                }
                receive.put("x-consumer", subscriber);
            }
        }
        ObjectNode channelsNode = doc.putObject("channels");
        channels.forEach(channelsNode::set);
        doc.set("operations", operations);
        doc.putObject("components").set("messages", messages);
        return doc;
    }

    private static ObjectNode newChannel(EventDefinition event) {
        ObjectNode channel = JsonFiles.mapper().createObjectNode();
        channel.put("address", event.channel().name());
        channel.put("title", (event.channel().isFanOut() ? "SNS topic " : "SQS queue ") + event.channel().name());
        channel.put("description", event.channel().isFanOut()
                ? "Fan-out: every subscribed queue (raw message delivery) gets its own copy."
                : "Point-to-point: exactly one consumer reads this queue.");
        channel.putObject("messages");
        return channel;
    }

    private static ObjectNode message(EventCatalog catalog, EventDefinition event, EventVersion version) {
        JsonNode schema = catalog.schema(event.name(), version);
        ObjectNode message = JsonFiles.mapper().createObjectNode();
        message.put("name", event.name());
        message.put("title", event.name() + " " + version + (version.equals(event.currentVersion()) ? " (current)" : ""));
        message.put("summary", event.description());
        message.put("contentType", "application/json");
        ObjectNode headers = message.putObject("headers");
        headers.put("type", "object");
        ObjectNode properties = headers.putObject("properties");
        properties.putObject("EventType").put("type", "string").put("const", event.name())
                .put("description", "SNS/SQS message attribute copying the envelope's event.");
        properties.putObject("EventVersion").put("type", "string").put("const", version.toString())
                .put("description", "SNS/SQS message attribute copying the envelope's version.");
        ObjectNode payload = message.putObject("payload");
        payload.put("schemaFormat", SCHEMA_FORMAT);
        payload.set("schema", schema);
        return message;
    }

    private static String messageId(String event, EventVersion version) {
        return event + "-" + version;
    }

    /** A short hash of every schema and the catalog's declarations, so the version moves with the contract. */
    private static String contentVersion(EventCatalog catalog) {
        StringBuilder content = new StringBuilder();
        for (EventDefinition event : catalog.events()) {
            content.append(event).append('\n');
            for (EventVersion version : event.versions()) {
                content.append(catalog.schema(event.name(), version)).append('\n');
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return "0.0.0+" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
