package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./lmdeck test} and the launcher's build print when not on a terminal: no terminal escape codes.
 * Debian's Maven 3.8.7 wrote {@code ESC[0m} on exit even in batch mode (jansi's reset), until
 * {@code .mvn/jvm.config} switched that off.
 */
class BuildOutputTest {
    @Test
    void mavenInBatchModePrintsNoEscapeCodes() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in lmdeck-app/
        assertThat(root.resolve("pom.xml")).exists();
        Path output = Files.createTempFile("lmdeck-mvn", ".out");
        try {
            Process mvn = new ProcessBuilder(List.of("mvn", "-B", "-ntp", "-q", "-o", "-f",
                    root.resolve("pom.xml").toString(), "validate"))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).as("mvn validate ended").isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(mvn.exitValue()).as(text).isZero();
            assertThat(text).as("no escape codes in: %s", text.replace("\u001b", "ESC")).doesNotContain("\u001b");
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
