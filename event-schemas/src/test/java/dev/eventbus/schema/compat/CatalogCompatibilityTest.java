package dev.eventbus.schema.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.schema.CatalogFixture;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class CatalogCompatibilityTest {

    @Test
    void theProjectCatalogHasNoBreakingChangeWithinAMajor() {
        List<VersionChange> breaking = new CatalogCompatibility(EventCatalog.load()).breakingChanges();

        assertThat(breaking)
                .as("breaking changes within a major:%n%s",
                        breaking.stream().map(c -> "  - " + c).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void comparesEveryMinorWithEveryEarlierMinorButNeverAcrossMajors() {
        List<VersionChange> changes = new CatalogCompatibility(EventCatalog.load()).changes();

        assertThat(changes)
                .filteredOn(c -> c.change().rule() == Rule.M1)
                .extracting(c -> c.event() + " " + c.from() + " -> " + c.to() + " " + c.change().pointer())
                .containsExactlyInAnyOrder(
                        "order.completed 1.0 -> 1.1 /properties/total_cents",
                        "order.completed 1.0 -> 1.2 /properties/total_cents",
                        "order.completed 1.0 -> 1.2 /properties/line_items/items/properties/name",
                        "order.completed 1.0 -> 1.2 /properties/completed_at",
                        "order.completed 1.1 -> 1.2 /properties/line_items/items/properties/name",
                        "order.completed 1.1 -> 1.2 /properties/completed_at");
        assertThat(changes).noneMatch(c -> c.to().major() == 2 || c.from().major() == 2);
    }

    @Test
    void catchesANameThatComesBackWithAnotherTypeAcrossSeveralMinors(@TempDir Path dir) {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .addVersion("order.completed", "1.2", "1.3", s -> {
                    ((ObjectNode) s.get("properties")).remove("total_cents");
                    s.putArray("x-reserved").add("total_cents");
                })
                .addVersion("order.completed", "1.3", "1.4", s -> {
                    s.remove("x-reserved");
                    ((ObjectNode) s.get("properties")).putObject("total_cents").put("type", "string")
                            .put("description", "Now a string.");
                });

        List<VersionChange> changes = new CatalogCompatibility(fixture.load()).changes();

        assertThat(changes).filteredOn(c -> c.from().equals(v("1.2")) && c.to().equals(v("1.3")))
                .extracting(c -> c.change().rule()).containsExactly(Rule.M2);
        assertThat(changes).filteredOn(VersionChange::breaking)
                .extracting(c -> c.from() + " -> " + c.to() + " " + c.change().pointer() + " " + c.change().rule())
                .containsExactlyInAnyOrder(
                        "1.1 -> 1.4 /properties/total_cents B3",
                        "1.2 -> 1.4 /properties/total_cents B3",
                        "1.3 -> 1.4 /x-reserved B7",
                        "1.3 -> 1.4 /properties/total_cents B7");
    }

    @Test
    void describesAVersionChangeWithEventVersionsPointerAndRule() {
        VersionChange change = new VersionChange("order.completed", v("1.2"), v("1.3"), new Change(
                "/properties/line_items/items/properties/qty", Rule.B3, "line_items[].qty: type changed from integer to string"));

        assertThat(change).hasToString("order.completed 1.2 -> 1.3 at /properties/line_items/items/properties/qty:"
                + " rule B3 (type changed): line_items[].qty: type changed from integer to string");
    }

    private static EventVersion v(String text) {
        return EventVersion.parse(text);
    }
}
