package dev.eventbus.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class EventCatalogTest {

    private static final EventCatalog CATALOG = EventCatalog.load();

    @Test
    void declaresEveryEventOfTheContractSortedByName() {
        assertThat(CATALOG.events()).extracting(EventDefinition::name).containsExactly(
                "charge.reversed",
                "charge.succeeded",
                "order.completed",
                "scholarship.won",
                "subscription.activated",
                "subscription.activation_failed",
                "subscription.changed",
                "user.registered");
    }

    @Test
    void discoversVersionsFromTheSchemaFilesWhileTheCurrentVersionStaysThePublishedOne() {
        EventDefinition order = CATALOG.find("order.completed").orElseThrow();

        assertThat(CATALOG.versions("order.completed")).containsExactly(v("1.0"), v("1.1"), v("1.2"), v("2.0"));
        assertThat(order.currentVersion()).isEqualTo(v("1.2"));
        assertThat(order.majors()).containsExactly(1, 2);
        assertThat(order.newestMinorOf(1)).contains(v("1.2"));
        assertThat(order.newestMinorOf(3)).isEmpty();
    }

    @Test
    void tellsFanOutEventsFromPointToPointOnes() {
        EventDefinition order = CATALOG.find("order.completed").orElseThrow();
        EventDefinition scholarship = CATALOG.find("scholarship.won").orElseThrow();

        assertThat(order.channel()).isEqualTo(Channel.topic("order-events"));
        assertThat(order.channel().isFanOut()).isTrue();
        assertThat(order.subscribers()).containsExactly("analytics", "notifications");
        assertThat(scholarship.channel()).isEqualTo(Channel.queue("monolith-inbox"));
        assertThat(scholarship.channel().isFanOut()).isFalse();
        assertThat(scholarship.subscribers()).containsExactly("monolith");
        assertThat(scholarship.owner()).isEqualTo("oms");
    }

    @Test
    void declaresABusinessKeyForEveryEventSoMessagesWithoutAnIdAreStillDeduplicated() {
        assertThat(CATALOG.find("order.completed").orElseThrow().businessKey()).contains("/order_id");
        EventDefinition changed = CATALOG.find("subscription.changed").orElseThrow();
        assertThat(changed.businessKeyPointers()).containsExactly("/account_id", "/change", "/effective_at");
        assertThat(changed.businessKey()).contains("/account_id + /change + /effective_at");
        assertThat(CATALOG.events()).allSatisfy(e -> assertThat(e.businessKeyPointers()).isNotEmpty());
    }

    @Test
    void handsOutSchemasAsCopiesThatCallersCannotCorrupt() {
        JsonNode schema = CATALOG.schema("order.completed", v("1.2"));
        assertThat(schema.get("x-version").asString()).isEqualTo("1.2");

        ((ObjectNode) schema).put("x-version", "9.9");

        assertThat(CATALOG.schema("order.completed", v("1.2")).get("x-version").asString()).isEqualTo("1.2");
    }

    @Test
    void namesTheVersionsThatExistWhenAskedForOneWithoutASchema() {
        assertThatThrownBy(() -> CATALOG.schema("order.completed", v("1.3")))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessage("no schema for order.completed 1.3; the catalog has order.completed 1.0, 1.1, 1.2, 2.0");
    }

    @Test
    void namesTheDeclaredEventsWhenAskedForAnUnknownOne() {
        assertThatThrownBy(() -> CATALOG.versions("order.shipped"))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageStartingWith("unknown event \"order.shipped\"; the catalog declares charge.reversed, ");
        assertThat(CATALOG.find("order.shipped")).isEmpty();
    }

    @Test
    void loadsTheSameCatalogFromDiskAsFromTheClasspath() {
        EventCatalog fromDisk = EventCatalog.load(CatalogFixture.PROJECT_RESOURCES);

        assertThat(fromDisk.events()).containsExactlyElementsOf(CATALOG.events());
    }

    @Test
    void loadsFromAJarUsingTheLockFileAsTheIndexOfSchemaFiles(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("event-schemas.jar");
        Path resources = CatalogFixture.PROJECT_RESOURCES;
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out);
                Stream<Path> files = Files.walk(resources.resolve("eventbus"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new JarEntry(resources.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }

        EventCatalog fromJar;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            fromJar = EventCatalog.load(loader);
        }

        assertThat(fromJar.events()).containsExactlyElementsOf(CATALOG.events());
        for (EventDefinition event : CATALOG.events()) {
            for (EventVersion version : event.versions()) {
                assertThat(fromJar.schema(event.name(), version)).isEqualTo(CATALOG.schema(event.name(), version));
            }
        }
    }

    @Test
    void refusesARootWithoutACatalogAndSaysWhatLayoutItExpects(@TempDir Path dir) {
        assertThatThrownBy(() -> EventCatalog.load(dir))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("catalog.json does not exist")
                .hasMessageContaining("eventbus/schemas/<event>/<major>.<minor>.json");
    }

    @Test
    void eventDefinitionsRefuseAQueueWithSeveralSubscribers() {
        assertThatThrownBy(() -> new EventDefinition("scholarship.won", "oms", "won", Channel.queue("monolith-inbox"),
                        v("1.0"), List.of(v("1.0")), List.of("analytics", "monolith")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one consumer");
    }

    private static EventVersion v(String text) {
        return EventVersion.parse(text);
    }
}
