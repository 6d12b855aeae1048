package dev.eventbus.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The managed resources of a state, as {@code tofu show -json} prints it after applying a plan: every
 * value known, nested modules flattened. Immutable.
 */
final class TerraformState {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One resource instance: its address (e.g. {@code module.queue["notifications"].aws_sqs_queue.dlq}), type and values. */
    record Resource(String address, String type, JsonNode values) {

        /** A string value, or empty when the attribute is null, empty or absent. */
        Optional<String> text(String attribute) {
            JsonNode value = values.get(attribute);
            return value == null || value.isNull() || value.asString("").isEmpty() ? Optional.empty() : Optional.of(value.asString());
        }

        /** A whole-number value, or empty when it is null or absent. */
        Optional<Long> number(String attribute) {
            JsonNode value = values.get(attribute);
            return value == null || !value.isNumber() ? Optional.empty() : Optional.of(value.asLong());
        }

        boolean isTrue(String attribute) {
            JsonNode value = values.get(attribute);
            return value != null && value.isBoolean() && value.asBoolean();
        }

        @Override
        public String toString() {
            return address;
        }
    }

    private final List<Resource> resources;

    private TerraformState(List<Resource> resources) {
        this.resources = List.copyOf(resources);
    }

    static TerraformState read(Path file) {
        try {
            return parse(JSON.readTree(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static TerraformState parse(JsonNode shown, String where) {
        JsonNode root = shown.path("values").path("root_module");
        if (root.isMissingNode()) {
            throw new IllegalArgumentException(where + " is not the JSON of an applied state (tofu show -json): it has no values.root_module");
        }
        List<Resource> resources = new ArrayList<>();
        collect(root, resources);
        return new TerraformState(resources);
    }

    private static void collect(JsonNode module, List<Resource> into) {
        for (JsonNode resource : module.path("resources").values()) {
            if ("managed".equals(resource.path("mode").asString())) {
                into.add(new Resource(resource.path("address").asString(), resource.path("type").asString(), resource.path("values")));
            }
        }
        for (JsonNode child : module.path("child_modules").values()) {
            collect(child, into);
        }
    }

    List<Resource> all() {
        return resources;
    }

    List<Resource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The resource of {@code type} whose {@code attribute} is {@code value}, if there is one. */
    Optional<Resource> find(String type, String attribute, String value) {
        return ofType(type).stream().filter(r -> r.text(attribute).filter(value::equals).isPresent()).findFirst();
    }

    /** Every resource of {@code type} whose {@code attribute} is {@code value}. */
    List<Resource> findAll(String type, String attribute, String value) {
        return ofType(type).stream().filter(r -> r.text(attribute).filter(value::equals).isPresent()).toList();
    }
}
