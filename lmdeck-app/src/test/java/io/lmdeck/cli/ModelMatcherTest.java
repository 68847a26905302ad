package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lmdeck.cli.ModelMatcher.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMatcherTest {
    private static final List<Candidate> MODELS = List.of(
            new Candidate("qwen3-8b", "Qwen3 8B"),
            new Candidate("qwen3-32b", "Qwen3 32B"),
            new Candidate("qwen/qwen3-8b-mlx", "Qwen3 8B MLX"),
            new Candidate("llama-3.2-1b-instruct", "Llama 3.2 1B Instruct"),
            new Candidate("text-embedding-nomic-embed-text-v1.5", "Nomic Embed Text v1.5"));

    @Test
    void anExactKeyWinsEvenWhenItIsPartOfAnotherKey() {
        assertThat(ModelMatcher.resolve("qwen3-8b", MODELS).key()).isEqualTo("qwen3-8b");
    }

    @Test
    void anUnambiguousPartOfTheKeyOrNameIsEnoughIgnoringCaseAndPunctuation() {
        assertThat(ModelMatcher.resolve("32B", MODELS).key()).isEqualTo("qwen3-32b");
        assertThat(ModelMatcher.resolve("llama", MODELS).key()).isEqualTo("llama-3.2-1b-instruct");
        assertThat(ModelMatcher.resolve("Llama 3.2 1B", MODELS).key()).isEqualTo("llama-3.2-1b-instruct");
        assertThat(ModelMatcher.resolve("nomic", MODELS).key()).isEqualTo("text-embedding-nomic-embed-text-v1.5");
        assertThat(ModelMatcher.resolve("Qwen3 8B MLX", MODELS).key()).isEqualTo("qwen/qwen3-8b-mlx");
    }

    @Test
    void anAmbiguousNameIsAUsageErrorListingEveryMatch() {
        assertThatThrownBy(() -> ModelMatcher.resolve("qwen", MODELS))
                .isInstanceOfSatisfying(CliFailure.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("\"qwen\" matches 3 models; say which one:\n"
                            + "  qwen3-8b           (Qwen3 8B)\n"
                            + "  qwen3-32b          (Qwen3 32B)\n"
                            + "  qwen/qwen3-8b-mlx  (Qwen3 8B MLX)");
                    assertThat(e.getMessage()).doesNotContain("llama");
                });
    }

    @Test
    void anUnknownNameSuggestsTheCloseOnes() {
        assertThatThrownBy(() -> ModelMatcher.resolve("qwen3-7b", MODELS))
                .isInstanceOfSatisfying(CliFailure.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).startsWith("no model matches \"qwen3-7b\"; did you mean:")
                            .contains("qwen3-8b", "./lmdeck models lists them all")
                            .doesNotContain("nomic");
                });
        assertThatThrownBy(() -> ModelMatcher.resolve("mistral", MODELS))
                .hasMessage("no model matches \"mistral\" (./lmdeck models lists them all)");
    }
}
