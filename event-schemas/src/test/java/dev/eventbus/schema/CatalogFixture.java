package dev.eventbus.schema;

import dev.eventbus.schema.internal.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A copy of the project's catalog in a temporary directory, for tests that break it on purpose. */
public final class CatalogFixture {

    /** The project's real catalog, relative to the module directory Maven runs tests in. */
    public static final Path PROJECT_RESOURCES = Path.of("src/main/resources");

    private final Path root;

    private CatalogFixture(Path root) {
        this.root = root;
    }

    /** Copies {@code src/main/resources/eventbus} (catalog, schemas, lock) into {@code dir}. */
    public static CatalogFixture copyOfProjectCatalog(Path dir) {
        Path source = PROJECT_RESOURCES.resolve("eventbus");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve("eventbus").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CatalogFixture(dir);
    }

    /** The resources root: pass it to {@link EventCatalog#load(Path)}. */
    public Path root() {
        return root;
    }

    public EventCatalog load() {
        return EventCatalog.load(root);
    }

    public Path schemaFile(String event, String version) {
        return root.resolve("eventbus/schemas/" + event + "/" + version + ".json");
    }

    /** The text of one schema file. */
    public String schemaText(String event, String version) {
        try {
            return Files.readString(schemaFile(event, version), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Edits one schema file in place. */
    public CatalogFixture editSchema(String event, String version, Consumer<ObjectNode> edit) {
        return editJson(schemaFile(event, version), edit);
    }

    /** Edits catalog.json in place; the consumer gets the root object. */
    public CatalogFixture editCatalog(Consumer<ObjectNode> edit) {
        return editJson(root.resolve("eventbus/catalog.json"), edit);
    }

    /** Writes {@code version} of {@code event} as a copy of {@code base}, with $id and x-version updated, then edited. */
    public CatalogFixture addVersion(String event, String base, String version, Consumer<ObjectNode> edit) {
        ObjectNode schema = (ObjectNode) JsonFiles.read(schemaFile(event, base));
        schema.put("$id", "https://schemas.eventbus.dev/events/" + event + "/" + version + ".json");
        schema.put("x-version", version);
        schema.put("title", event + " " + version);
        edit.accept(schema);
        return write("eventbus/schemas/" + event + "/" + version + ".json", JsonFiles.pretty(schema));
    }

    public CatalogFixture write(String relative, String content) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public CatalogFixture delete(String relative) {
        try {
            Files.delete(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private CatalogFixture editJson(Path file, Consumer<ObjectNode> edit) {
        JsonNode node = JsonFiles.read(file);
        edit.accept((ObjectNode) node);
        try {
            Files.writeString(file, JsonFiles.pretty(node), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
