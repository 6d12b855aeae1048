package dev.eventbus.schema;

import dev.eventbus.schema.internal.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The example payloads under {@code src/test/resources/examples/<event>/<version>/}: {@code valid-*.json}
 * is a payload; {@code invalid-*.json} is {@code {"payload": ..., "violations": [{"pointer", "message"}]}},
 * the payload and exactly the violations it must produce.
 */
public final class Examples {

    /** One example file. {@code expected} is empty for a valid example. */
    public record Example(String event, EventVersion version, String name, JsonNode payload, List<Violation> expected) {

        public boolean valid() {
            return name.startsWith("valid-");
        }

        @Override
        public String toString() {
            return event + " " + version + " " + name;
        }
    }

    private static final List<Example> ALL = load();

    private Examples() {}

    public static List<Example> all() {
        return ALL;
    }

    public static Stream<Example> valid() {
        return ALL.stream().filter(Example::valid);
    }

    public static Stream<Example> invalid() {
        return ALL.stream().filter(e -> !e.valid());
    }

    public static Path root() {
        try {
            return Path.of(Examples.class.getResource("/examples").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Example> load() {
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".json", "");
                String event = file.getParent().getParent().getFileName().toString();
                EventVersion version = EventVersion.parse(file.getParent().getFileName().toString());
                JsonNode json = JsonFiles.read(file);
                if (name.startsWith("valid-")) {
                    examples.add(new Example(event, version, name, json, List.of()));
                } else if (name.startsWith("invalid-")) {
                    List<Violation> expected = new ArrayList<>();
                    json.get("violations").values().forEach(v ->
                            expected.add(new Violation(v.get("pointer").asString(), v.get("message").asString())));
                    examples.add(new Example(event, version, name, json.get("payload"), List.copyOf(expected)));
                } else {
                    throw new IllegalStateException(file + ": example names start with valid- or invalid-");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(examples);
    }
}
