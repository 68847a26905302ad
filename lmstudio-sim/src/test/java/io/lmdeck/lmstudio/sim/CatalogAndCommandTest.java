package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lmdeck.lmstudio.sim.catalog.ModelCatalog;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CatalogAndCommandTest {
    @Test
    void demoCatalogueCoversTheRequiredKinds() {
        ModelCatalog demo = ModelCatalog.demo();
        assertThat(demo.models()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(demo.models()).anyMatch(CatalogModel::isEmbedding);
        assertThat(demo.models()).anyMatch(CatalogModel::isMlx);
        assertThat(demo.models()).anyMatch(CatalogModel::vision);
        assertThat(demo.models()).anyMatch(m -> !m.isEmbedding() && m.sizeBytes() < 1_500_000_000L);
        assertThat(demo.models()).anyMatch(m -> m.sizeBytes() > 18_000_000_000L);
        assertThat(demo.find("qwen/qwen3-8b")).isPresent();
    }

    @Test
    void catalogueFileIsReadAndValidated(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, "{\"models\":[{\"key\":\"acme/tiny-1b\",\"type\":\"llm\",\"format\":\"gguf\","
                + "\"quantization\":\"Q4_K_M\",\"bitsPerWeight\":4,\"sizeBytes\":700000000,\"maxContextLength\":8192}]}");
        ModelCatalog c = ModelCatalog.fromFile(file);
        CatalogModel m = c.models().get(0);
        assertThat(m.publisher()).isEqualTo("acme");
        assertThat(m.displayName()).isEqualTo("acme/tiny-1b");
        assertThat(m.defaultContextLength()).isEqualTo(4096);
        assertThat(m.path()).isNotBlank();

        Files.writeString(file, "{\"models\":[{\"key\":\"x\",\"type\":\"llm\",\"format\":\"exe\",\"sizeBytes\":1,\"maxContextLength\":1}]}");
        assertThatThrownBy(() -> ModelCatalog.fromFile(file)).hasMessageContaining("format");
        Files.writeString(file, "{\"models\":[{\"key\":\"x\",\"typo\":1}]}");
        assertThatThrownBy(() -> ModelCatalog.fromFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid catalogue");
    }

    @Test
    void simCommandHasTheContractOptions() {
        CommandLine cl = new CommandLine(new SimCommand());
        assertThat(cl.getCommandName()).isEqualTo("sim");
        for (String option : new String[] {"--port", "--catalog", "--load-seconds-per-gb", "--token", "--jit",
            "--seed", "--memory-gb"}) {
            assertThat(cl.getCommandSpec().findOption(option)).as(option).isNotNull();
        }
        assertThat(cl.getCommandSpec().findOption("--port").defaultValue()).isEqualTo("1234");
        CommandLine.ParseResult parsed = cl.parseArgs("--no-jit", "--port", "0");
        assertThat(parsed.matchedOptionValue("--jit", true)).isFalse();
    }

    @Test
    void simCommandRejectsABadTokenWithAClearMessage() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimCommand());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--port", "0", "--token", "not-a-token");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("sk-lm-").doesNotContain("Exception");
    }

    @Test
    void aTakenPortIsAClearErrorAndTheCommandSaysSo() {
        try (LmStudioSimulator first = LmStudioSimulator.builder().port(0).build().start()) {
            assertThatThrownBy(() -> LmStudioSimulator.builder().port(first.port()).build().start())
                    .hasMessageContaining(String.valueOf(first.port()));
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new SimCommand());
            cl.setErr(new PrintWriter(err));
            assertThat(cl.execute("--port", String.valueOf(first.port()))).isEqualTo(2);
            assertThat(err.toString()).contains("lmdeck sim:").contains(String.valueOf(first.port()));
        }
    }

    @Test
    void builderRejectsNonsense() {
        assertThatThrownBy(() -> LmStudioSimulator.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LmStudioSimulator.builder().loadSecondsPerGb(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LmStudioSimulator.builder().memoryBudgetBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
