package dev.eventbus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first screen stays true: every Java example in it is compiled code in {@link ReadmeExamples}. */
class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaExampleInTheReadmeCompilesAsPartOfReadmeExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String compiled = squeeze(Files.readString(Path.of("src", "test", "java", "dev", "eventbus", "demo", "ReadmeExamples.java")));
        List<String> examples = new ArrayList<>();
        Matcher blocks = JAVA_BLOCK.matcher(readme);
        while (blocks.find()) {
            examples.add(blocks.group(1));
        }

        assertThat(examples).as("Java examples in README.md").hasSizeGreaterThanOrEqualTo(2);
        for (String example : examples) {
            assertThat(compiled).as("README example not found verbatim in ReadmeExamples.java:%n%s", example).contains(squeeze(example));
        }
    }

    private static String squeeze(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
