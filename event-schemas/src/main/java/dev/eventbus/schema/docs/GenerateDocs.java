package dev.eventbus.schema.docs;

import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.SchemaException;
import dev.eventbus.schema.internal.JsonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/events.md} and {@code docs/asyncapi.json} from the catalog
 * ({@code ./scripts/check-schemas --docs}).
 *
 * <pre>
 * usage: GenerateDocs [resources-root [docs-dir]]
 *   defaults: event-schemas/src/main/resources and docs, relative to the repository root
 * </pre>
 */
public final class GenerateDocs {

    /** The command that regenerates the docs, named in the files and in the staleness test's message. */
    public static final String COMMAND = "./scripts/check-schemas --docs";

    public static final String MARKDOWN = "events.md";
    public static final String ASYNCAPI = "asyncapi.json";

    private GenerateDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 2) {
            System.err.println("usage: GenerateDocs [resources-root [docs-dir]]");
            System.exit(2);
        }
        Path root = Path.of(args.length > 0 ? args[0] : "event-schemas/src/main/resources");
        Path docs = Path.of(args.length > 1 ? args[1] : "docs");
        EventCatalog catalog;
        try {
            catalog = EventCatalog.load(root);
        } catch (SchemaException e) {
            System.err.println("cannot generate the docs: " + e.getMessage());
            System.exit(1);
            return;
        }
        Files.createDirectories(docs);
        Files.writeString(docs.resolve(MARKDOWN), markdown(catalog), StandardCharsets.UTF_8);
        Files.writeString(docs.resolve(ASYNCAPI), asyncApi(catalog), StandardCharsets.UTF_8);
        System.out.println("wrote " + docs.resolve(MARKDOWN) + " and " + docs.resolve(ASYNCAPI));
    }

    /** The text of {@code events.md} for {@code catalog}. */
    public static String markdown(EventCatalog catalog) {
        return new EventsMarkdown().render(catalog);
    }

    /** The text of {@code asyncapi.json} for {@code catalog}. */
    public static String asyncApi(EventCatalog catalog) {
        return JsonFiles.pretty(new AsyncApiDocument().render(catalog));
    }
}
