package dev.eventbus.schema.internal;

import dev.eventbus.schema.CatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the project's own JSON files (catalog, schemas, examples, generated docs).
 *
 * <p>These files are trusted, so no size limits apply; duplicate keys and trailing content are still
 * rejected because in a hand-edited schema they are always mistakes. Trees only: no data binding and
 * no polymorphic typing. Thread-safe.
 */
public final class JsonFiles {

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Two-space indentation, {@code "key": value}, one array element per line: like the hand-written schemas. */
    private static final ObjectWriter PRETTY = MAPPER.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

    private JsonFiles() {}

    /**
     * Parses a JSON file.
     *
     * @throws CatalogException naming the file when it cannot be read or is not one JSON document
     */
    public static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new CatalogException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses JSON from a stream; {@code name} says where it came from in error messages.
     *
     * @throws CatalogException naming the source when it is not one JSON document
     */
    public static JsonNode read(InputStream in, String name) {
        try {
            return MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new CatalogException(name + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON text; {@code name} says where it came from in error messages. */
    public static JsonNode parse(String json, String name) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new CatalogException(name + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes a tree as indented JSON ending with a newline, the format of every generated file. */
    public static String pretty(JsonNode node) {
        return PRETTY.writeValueAsString(node) + "\n";
    }

    /** The mapper behind these methods, for building trees ({@code createObjectNode()}). */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
