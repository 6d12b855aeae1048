package dev.eventbus.schema.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.schema.CatalogException;
import dev.eventbus.schema.CatalogFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class SchemaLockTest {

    @TempDir
    Path dir;

    @Test
    void everyProjectSchemaIsLockedAndUnchanged() {
        Path resources = CatalogFixture.PROJECT_RESOURCES;

        List<LockProblem> problems = SchemaLock.read(resources).verify(resources);

        assertThat(problems)
                .as("schemas.lock disagrees with the schema files:%n%s",
                        problems.stream().map(p -> "  - " + p.message()).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void anEditedPublishedSchemaIsReportedWithAdviceToPublishANewVersion() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .editSchema("order.completed", "1.1", s -> s.put("description", "reworded after publication"));

        assertThat(SchemaLock.read(fixture.root()).verify(fixture.root())).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(LockProblem.Kind.EDITED);
            assertThat(problem.path()).isEqualTo("schemas/order.completed/1.1.json");
            assertThat(problem.message())
                    .startsWith("schemas/order.completed/1.1.json was edited after it was published")
                    .contains("publish the change as a new version instead");
        });
    }

    @Test
    void aDeletedPublishedSchemaIsReported() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .delete("eventbus/schemas/charge.reversed/1.0.json");

        assertThat(SchemaLock.read(fixture.root()).verify(fixture.root())).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(LockProblem.Kind.DELETED);
            assertThat(problem.message()).startsWith("schemas/charge.reversed/1.0.json is in schemas.lock but the file is gone");
        });
    }

    @Test
    void aSchemaMissingFromTheLockIsReportedWithTheCommandThatAddsIt() {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .addVersion("order.completed", "1.2", "1.3", s -> {});

        assertThat(SchemaLock.read(fixture.root()).verify(fixture.root())).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(LockProblem.Kind.UNLOCKED);
            assertThat(problem.message()).isEqualTo("schemas/order.completed/1.3.json is not in schemas.lock. When this"
                    + " version is ready to publish, run ./scripts/check-schemas --lock, which appends it (existing lines"
                    + " are never rewritten).");
        });
    }

    @Test
    void windowsLineEndingsAreNotAnEdit() throws IOException {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir);
        Path file = fixture.schemaFile("user.registered", "1.0");
        Files.writeString(file, Files.readString(file).replace("\n", "\r\n"), StandardCharsets.UTF_8);

        assertThat(SchemaLock.read(fixture.root()).verify(fixture.root())).isEmpty();
    }

    @Test
    void lockingAppendsNewFilesAndNeverRewritesExistingLines() throws IOException {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir)
                .editSchema("order.completed", "1.1", s -> s.put("description", "reworded after publication"))
                .addVersion("order.completed", "1.2", "1.3", s -> ((ObjectNode) s.get("properties"))
                        .putObject("gift_wrap").put("type", "boolean").put("description", "Wrap it."));
        Path lockFile = fixture.root().resolve(SchemaLock.RESOURCE);
        String before = Files.readString(lockFile);

        List<String> added = SchemaLock.appendNew(fixture.root());

        assertThat(added).containsExactly("schemas/order.completed/1.3.json");
        String after = Files.readString(lockFile);
        assertThat(after).startsWith(before);
        assertThat(after.substring(before.length())).matches("[0-9a-f]{64}  schemas/order.completed/1\\.3\\.json\n");
        assertThat(SchemaLock.read(fixture.root()).verify(fixture.root()))
                .extracting(LockProblem::kind)
                .containsExactly(LockProblem.Kind.EDITED);
        assertThat(SchemaLock.appendNew(fixture.root())).isEmpty();
    }

    @Test
    void lockingCreatesTheLockFileWithAHeaderWhenThereIsNone() throws IOException {
        CatalogFixture fixture = CatalogFixture.copyOfProjectCatalog(dir).delete(SchemaLock.RESOURCE);

        List<String> added = SchemaLock.appendNew(fixture.root());

        assertThat(added).hasSize(11).contains("schemas/order.completed/2.0.json");
        assertThat(Files.readString(fixture.root().resolve(SchemaLock.RESOURCE)))
                .startsWith("# Published event schemas and their sha256");
        assertThat(SchemaLock.read(fixture.root()).verify(fixture.root())).isEmpty();
    }

    @Test
    void aMalformedLockLineIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> SchemaLock.parse("# header\nabc  schemas/x.y/1.0.json\n", "schemas.lock"))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("schemas.lock line 2 is not");
    }

    @Test
    void hashesIgnoreLineEndingStyle() {
        assertThat(SchemaLock.sha256("{\r\n  \"a\": 1\r\n}\r\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SchemaLock.sha256("{\n  \"a\": 1\n}\n".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(SchemaLock.sha256("{\n  \"a\": 2\n}\n".getBytes(StandardCharsets.UTF_8)));
    }
}
