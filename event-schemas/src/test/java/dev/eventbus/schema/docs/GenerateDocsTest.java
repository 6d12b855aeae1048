package dev.eventbus.schema.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.schema.CatalogFixture;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.internal.JsonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class GenerateDocsTest {

    /** The committed docs, relative to the module directory Maven runs tests in. */
    private static final Path DOCS = Path.of("../docs");

    private static final EventCatalog CATALOG = EventCatalog.load(CatalogFixture.PROJECT_RESOURCES);

    @Test
    void committedEventsMarkdownIsUpToDate() throws IOException {
        assertUpToDate(GenerateDocs.MARKDOWN, GenerateDocs.markdown(CATALOG));
    }

    @Test
    void committedAsyncApiDocumentIsUpToDate() throws IOException {
        assertUpToDate(GenerateDocs.ASYNCAPI, GenerateDocs.asyncApi(CATALOG));
    }

    @Test
    void theMarkdownDescribesEveryVersionFieldByField() {
        String markdown = GenerateDocs.markdown(CATALOG);

        assertThat(markdown).contains(
                "| [scholarship.won](#scholarshipwon) | 1.0 | 1.0 | queue `monolith-inbox` | oms | monolith |",
                "### order.completed 1.2 (current)",
                "Changes from 1.1: line_items[].name: optional property added; completed_at: optional property added.",
                "| `line_items[].qty` | integer, at least 1 | yes, in `line_items[]` | How many units were ordered. |",
                "| `line_items` | array of objects, at least 1 item | yes | What was ordered, one entry per product. |",
                "| `price.interval` | string, one of `month`, `year` (closed enum) | yes, in `price` |",
                "A new major: not compatible with 1.x. Handlers for 2.x receive 1.x messages through the upcaster.",
                "- **Java, major 2:** `OrderCompletedV2`, `Events.ORDER_COMPLETED_V2`");
        for (var event : CATALOG.events()) {
            for (var version : event.versions()) {
                assertThat(markdown).contains("### " + event.name() + " " + version);
            }
        }
    }

    @Test
    void theAsyncApiDocumentHasAChannelPerDestinationAndAMessagePerVersion() {
        JsonNode doc = JsonFiles.parse(GenerateDocs.asyncApi(CATALOG), GenerateDocs.ASYNCAPI);

        assertThat(doc.get("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(doc.get("channels").propertyNames()).containsExactly(
                "billing-events", "billing-saga", "monolith-inbox", "order-events", "subscription-events", "user-events");
        assertThat(doc.at("/components/messages").size()).isEqualTo(11);
        assertThat(doc.at("/components/messages/order.completed-2.0/payload/schema/x-version").asString()).isEqualTo("2.0");
        assertThat(doc.at("/operations/publish-order.completed/messages/0/$ref").asString())
                .isEqualTo("#/channels/order-events/messages/order.completed-1.2");
        assertThat(doc.at("/operations/notifications-receives-order.completed/messages").size()).isEqualTo(4);
        assertThat(doc.at("/operations/monolith-receives-scholarship.won/action").asString()).isEqualTo("receive");
    }

    @Test
    void everyReferenceOfTheAsyncApiDocumentResolves() {
        JsonNode doc = JsonFiles.parse(GenerateDocs.asyncApi(CATALOG), GenerateDocs.ASYNCAPI);
        List<String> refs = new ArrayList<>();
        collectDocumentRefs(doc, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(doc.at(ref.substring(1)).isMissingNode())
                .as("%s resolves", ref).isFalse());
    }

    @Test
    void generatingTwiceGivesTheSameText() {
        assertThat(GenerateDocs.markdown(EventCatalog.load())).isEqualTo(GenerateDocs.markdown(CATALOG));
        assertThat(GenerateDocs.asyncApi(EventCatalog.load())).isEqualTo(GenerateDocs.asyncApi(CATALOG));
    }

    @Test
    void mainWritesBothFiles(@TempDir Path dir) throws IOException {
        GenerateDocs.main(new String[] {CatalogFixture.PROJECT_RESOURCES.toString(), dir.toString()});

        assertThat(dir.resolve(GenerateDocs.MARKDOWN)).content(StandardCharsets.UTF_8)
                .isEqualTo(GenerateDocs.markdown(CATALOG));
        assertThat(dir.resolve(GenerateDocs.ASYNCAPI)).content(StandardCharsets.UTF_8)
                .isEqualTo(GenerateDocs.asyncApi(CATALOG));
    }

    /** References of the AsyncAPI document itself; those inside embedded schemas resolve against the schema. */
    private static void collectDocumentRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equals("$ref") && entry.getValue().isString()
                        && !entry.getValue().asString().startsWith("#/$defs/")) {
                    refs.add(entry.getValue().asString());
                } else {
                    collectDocumentRefs(entry.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.values().forEach(child -> collectDocumentRefs(child, refs));
        }
    }

    private static void assertUpToDate(String name, String expected) throws IOException {
        Path file = DOCS.resolve(name);
        assertThat(file).as("docs/%s is missing: generate it with %s and commit it", name, GenerateDocs.COMMAND).exists();
        String committed = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertThat(committed.equals(expected))
                .as("docs/%s is stale (%s): regenerate it with %s and commit it", name, firstDifference(committed, expected),
                        GenerateDocs.COMMAND)
                .isTrue();
    }

    private static String firstDifference(String committed, String expected) {
        String[] a = committed.split("\n", -1);
        String[] b = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "(end of file)";
            String right = i < b.length ? b[i] : "(end of file)";
            if (!left.equals(right)) {
                return "line " + (i + 1) + " is \"" + left + "\" but should be \"" + right + "\"";
            }
        }
        return "identical";
    }
}
