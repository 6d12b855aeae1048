package dev.eventbus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

    @Test
    void spellsOutEachWildcardEntryAsItsJarsInOrder(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        Files.createFile(lib.resolve("b.jar"));
        Files.createFile(lib.resolve("a.jar"));
        Files.createFile(lib.resolve("notes.txt"));
        String sep = File.pathSeparator;

        String expanded = Bench.Options.expandWildcards("app.jar" + sep + lib + File.separator + "*" + sep + "classes");

        assertThat(expanded).isEqualTo(String.join(sep, "app.jar", lib.resolve("a.jar").toString(), lib.resolve("b.jar").toString(),
                "classes"));
    }

    @Test
    void aWildcardOverAMissingDirectoryIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> Bench.Options.expandWildcards(dir.resolve("missing") + File.separator + "*"))
                .hasMessageContaining("missing");
    }

    @Test
    void takesAnAotCacheDirectory() {
        assertThat(Bench.Options.parse(new String[] {"--aot", "target/aot"}).aot).isEqualTo(Path.of("target/aot"));
        assertThat(Bench.Options.parse(new String[0]).aot).isNull();
    }
}
