package dev.eventbus.cli.show;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hides payload values while keeping their shape: every string, number and boolean becomes
 * {@value #MASK}; field names, nesting, array lengths and nulls stay, so on-call can see what an event
 * holds without seeing personal data.
 */
final class PayloadMask {

    static final String MASK = "***";

    private PayloadMask() {}

    static JsonNode mask(JsonNode node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode copy = nodes.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), mask(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = nodes.arrayNode();
            node.forEach(element -> copy.add(mask(element)));
            return copy;
        }
        return node.isNull() || node.isMissingNode() ? node : nodes.stringNode(MASK);
    }
}
