package dev.eventbus.terraform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The applied plan of terraform/examples/atlas (src/test/resources/atlas-state.json, as
 * {@code tofu show -json} printed it in ./scripts/check-terraform), for tests that break it on purpose.
 * Regenerate it with {@code KEEP_WORK=1 ./scripts/check-terraform} and copy the kept state.json.
 */
final class AtlasState {

    private final ObjectNode shown;

    private AtlasState(ObjectNode shown) {
        this.shown = shown;
    }

    static AtlasState load() {
        try (InputStream in = AtlasState.class.getResourceAsStream("/atlas-state.json")) {
            return new AtlasState((ObjectNode) TerraformState.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TerraformState state() {
        return TerraformState.parse(shown, "atlas-state.json");
    }

    /** Edits the values of the resource at {@code address}. */
    AtlasState edit(String address, Consumer<ObjectNode> edit) {
        edit.accept((ObjectNode) find(address, false).get("values"));
        return this;
    }

    /** Edits a JSON document held in a string attribute (a policy, say) of the resource at {@code address}. */
    AtlasState editJson(String address, String attribute, Consumer<ObjectNode> edit) {
        return edit(address, values -> {
            ObjectNode document = (ObjectNode) TerraformState.JSON.readTree(values.get(attribute).asString());
            edit.accept(document);
            values.put(attribute, TerraformState.JSON.writeValueAsString(document));
        });
    }

    AtlasState remove(String address) {
        find(address, true);
        return this;
    }

    private JsonNode find(String address, boolean remove) {
        JsonNode found = resource(shown.get("values").get("root_module"), address, remove);
        if (found == null) {
            throw new IllegalArgumentException("atlas-state.json has no resource " + address);
        }
        return found;
    }

    private static JsonNode resource(JsonNode module, String address, boolean remove) {
        ArrayNode resources = (ArrayNode) module.get("resources");
        for (int i = 0; resources != null && i < resources.size(); i++) {
            if (resources.get(i).get("address").asString().equals(address)) {
                return remove ? resources.remove(i) : resources.get(i);
            }
        }
        for (JsonNode child : module.path("child_modules").values()) {
            JsonNode found = resource(child, address, remove);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
