package io.lmdeck.presets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lmdeck.lifecycle.GpuOffload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config lmdeck.toml}: presets per model, and a one-line reason for everything else. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String toml) throws IOException {
        Path file = dir.resolve("lmdeck.toml");
        Files.writeString(file, toml);
        return file;
    }

    private void assertRefused(String toml, String... mentions) throws IOException {
        Path file = file(toml);
        assertThatThrownBy(() -> ConfigFile.read(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(file.toString() + ": ")
                .hasMessageNotContaining("\n")
                .hasMessageContainingAll(mentions);
    }

    @Test
    void presets_are_read_per_model_with_quoted_keys() throws IOException {
        ConfigFile config = ConfigFile.read(file("""
                # lmdeck's presets
                [presets."qwen/qwen3-8b"]
                context_length = 8192
                gpu_offload = "max"
                parallel = 2
                ttl_seconds = 600
                pinned = true
                aliases = ["fast", "qwen"]

                [presets."google/gemma-3-1b"]
                gpu_offload = 0.5
                """));
        assertThat(config.presets()).containsOnlyKeys("qwen/qwen3-8b", "google/gemma-3-1b");
        assertThat(config.presets().get("qwen/qwen3-8b")).isEqualTo(
                new Preset("qwen/qwen3-8b", 8192, GpuOffload.maximum(), 2, 600, true, List.of("fast", "qwen")));
        assertThat(config.presets().get("google/gemma-3-1b")).isEqualTo(
                new Preset("google/gemma-3-1b", null, GpuOffload.ratio(0.5), null, null, false, List.of()));
    }

    @Test
    void an_empty_file_has_no_presets() throws IOException {
        assertThat(ConfigFile.read(file("# nothing yet\n")).presets()).isEmpty();
    }

    @Test
    void mistakes_are_one_line_errors_that_say_where() throws IOException {
        assertRefused("[presets.\"qwen/qwen3-8b\"]\ncontext_lenght = 8192\n", "qwen/qwen3-8b", "context_lenght");
        assertRefused("[presets.\"qwen/qwen3-8b\"]\ncontext_length = \"big\"\n", "context_length", "integer");
        assertRefused("[presets.\"qwen/qwen3-8b\"]\ngpu_offload = 2.0\n", "gpu_offload");
        assertRefused("[presets.\"qwen/qwen3-8b\"]\nttl_seconds = 0\n", "ttl_seconds");
        assertRefused("[presets.\"a/b\"]\naliases = [\"fast\"]\n[presets.\"c/d\"]\naliases = [\"fast\"]\n",
                "c/d", "fast", "a/b");
        assertRefused("[presets.\"a/b\"]\naliases = [\"two words\"]\n", "two words");
        assertRefused("[preset.\"a/b\"]\npinned = true\n", "unknown setting 'preset'");
        assertRefused("presets = 3\n", "presets");
        assertRefused("[presets.\"a/b\"\n", "not valid TOML");
        assertRefused("[hosts.studio]\nurl = \"http://10.0.0.2:1234\"\n", "[hosts] is not supported yet");
    }

    @Test
    void a_missing_file_is_named() {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> ConfigFile.read(missing))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage(missing + ": no such file");
    }
}
