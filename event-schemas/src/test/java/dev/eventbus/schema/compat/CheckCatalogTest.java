package dev.eventbus.schema.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.schema.CatalogFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The gate as CI runs it: exit status and what it prints. */
class CheckCatalogTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void passesTheProjectCatalogWithAOneLineSummary() {
        int status = run(CatalogFixture.PROJECT_RESOURCES.toString());

        assertThat(status).isZero();
        assertThat(out()).isEqualTo("OK: 8 events, 11 schema versions, 3 minor pairs compared, no breaking change;"
                + " every schema is locked and unchanged (src/main/resources)\n");
    }

    @Test
    void failsOnABreakingMinorAndNamesEventVersionsPointerRuleAndChange() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir).addVersion("order.completed", "1.2", "1.3",
                s -> ((ObjectNode) s.get("$defs").get("line_item").get("properties").get("qty")).put("type", "string"));

        int status = run(fixture.root().toString());

        assertThat(status).isEqualTo(1);
        String qty = " at /properties/line_items/items/properties/qty: rule B3 (type changed):"
                + " line_items[].qty: type changed from integer to string";
        assertThat(out()).contains(
                "Breaking changes within a major version (each needs a new major, or a new event name):",
                "  - order.completed 1.0 -> 1.3" + qty,
                "  - order.completed 1.1 -> 1.3" + qty,
                "  - order.completed 1.2 -> 1.3" + qty,
                "schemas/order.completed/1.3.json is not in schemas.lock",
                "FAILED: 3 breaking changes, 1 lock problem in " + fixture.root());
    }

    @Test
    void passesACompatibleMinorOnceItIsLocked() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir).addVersion("order.completed", "1.2", "1.3",
                s -> ((ObjectNode) s.get("properties")).putObject("gift_wrap").put("type", "boolean")
                        .put("description", "True when the order is gift-wrapped."));

        assertThat(run(fixture.root().toString())).isEqualTo(1);
        assertThat(out()).contains("FAILED: 0 breaking changes, 1 lock problem");

        out.reset();
        assertThat(run("--lock", fixture.root().toString())).isZero();
        assertThat(out()).startsWith("locked schemas/order.completed/1.3.json\nOK: 8 events, 12 schema versions,"
                + " 6 minor pairs compared, no breaking change;");
    }

    @Test
    void failsWhenAPublishedSchemaWasEdited() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .editSchema("user.registered", "1.0", s -> s.put("description", "Reworded after publication."));

        assertThat(run("--lock", fixture.root().toString())).isEqualTo(1);
        assertThat(out()).contains("schemas/user.registered/1.0.json was edited after it was published",
                "FAILED: 0 breaking changes, 1 lock problem");
    }

    @Test
    void reportsACatalogThatDoesNotLoadInsteadOfCrashing() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .editSchema("user.registered", "1.0", s -> ((ObjectNode) s.get("properties").get("name")).putArray("anyOf"));

        assertThat(run(fixture.root().toString())).isEqualTo(1);
        assertThat(out()).startsWith("FAILED: the event catalog is inconsistent (1 problem):")
                .contains("user.registered/1.0.json /properties/name/anyOf");
    }

    @Test
    void refusesUnknownArgumentsWithUsage() {
        assertThat(run("--force")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: CheckCatalog [--lock] [resources-root]");
    }

    private int run(String... args) {
        return CheckCatalog.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
