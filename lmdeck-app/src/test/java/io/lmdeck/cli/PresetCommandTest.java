package io.lmdeck.cli;

import static io.lmdeck.server.RunningLmdeck.OTHER_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.server.RunningLmdeck;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code lmdeck preset} against a real lmdeck server backed by the simulator. */
class PresetCommandTest {
    private final ObjectMapper json = new ObjectMapper();
    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.start().awaitOnline();

    private CliRun cli() {
        return CliRun.against(deck.url().toString());
    }

    private CliRun ok(String... args) {
        CliRun cli = cli();
        assertThat(cli.run(args)).as(cli.err()).isEqualTo(ExitCode.OK);
        return cli;
    }

    private JsonNode stored(String modelId) throws Exception {
        return json.readTree(deck.http().get("/api/presets/" + modelId).body());
    }

    @Test
    void changes_are_merged_into_the_whole_preset_by_name_or_alias() throws Exception {
        String shown = ok("preset", "gemma 3 1b", "--context-length", "8192", "--alias", "tiny", "--pin").out();
        assertThat(shown).contains(SMALL_MODEL + " (set through lmdeck)", "context length  8192", "pinned          yes",
                "aliases         tiny");

        ok("preset", "tiny", "--ttl", "600", "--gpu-offload", "max", "--alias", "gem");
        JsonNode preset = stored(SMALL_MODEL);
        assertThat(preset.get("context_length").asInt()).as("kept").isEqualTo(8192);
        assertThat(preset.get("pinned").asBoolean()).as("kept").isTrue();
        assertThat(preset.get("ttl_seconds").asInt()).isEqualTo(600);
        assertThat(preset.get("gpu_offload").asText()).isEqualTo("max");
        assertThat(preset.get("aliases").toString()).isEqualTo("[\"tiny\",\"gem\"]");

        ok("preset", SMALL_MODEL, "--no-pin", "--context-length", "default", "--remove-alias", "gem");
        preset = stored(SMALL_MODEL);
        assertThat(preset.get("pinned").asBoolean()).isFalse();
        assertThat(preset.get("context_length").isNull()).isTrue();
        assertThat(preset.get("aliases").toString()).isEqualTo("[\"tiny\"]");
        assertThat(preset.get("ttl_seconds").asInt()).isEqualTo(600);

        assertThat(ok("preset", "tiny").out()).as("no changes: shows it").contains("idle TTL        600 s");
    }

    @Test
    void list_shows_every_preset_as_a_table_or_json() throws Exception {
        assertThat(ok("preset", "--list").out()).startsWith("No presets");
        ok("preset", SMALL_MODEL, "--context-length", "8192", "--alias", "tiny");
        ok("preset", OTHER_MODEL, "--parallel", "2", "--pin");
        String table = ok("preset", "--list").out();
        assertThat(table.lines().findFirst().orElseThrow()).matches("MODEL +CONTEXT +GPU +PARALLEL +TTL +PINNED +ALIASES +FROM");
        assertThat(table).containsPattern(SMALL_MODEL + " +8192 +- +- +- +- +tiny +set through lmdeck")
                .containsPattern(OTHER_MODEL + " +- +- +2 +- +yes +- +set through lmdeck");
        JsonNode list = json.readTree(ok("preset", "--list", "--json").out());
        assertThat(list.get("presets").findValuesAsText("model_id")).containsExactly(SMALL_MODEL, OTHER_MODEL);
    }

    @Test
    void a_load_through_the_cli_uses_the_preset_and_accepts_the_alias() {
        ok("preset", SMALL_MODEL, "--context-length", "8192", "--alias", "tiny");
        ok("load", "tiny");
        int context = await().atMost(Duration.ofSeconds(20)).until(
                () -> deck.sim().instances().stream().filter(i -> i.modelKey().equals(SMALL_MODEL))
                        .map(Instance::contextLength).findFirst().orElse(null), c -> c != null);
        assertThat(context).isEqualTo(8192);
    }

    @Test
    void clear_deletes_the_preset() throws Exception {
        ok("preset", SMALL_MODEL, "--ttl", "60");
        assertThat(ok("preset", SMALL_MODEL, "--clear").out())
                .isEqualTo("Deleted the preset of " + SMALL_MODEL + ". It loads with LM Studio's defaults.\n");
        assertThat(stored(SMALL_MODEL).get("source").asText()).isEqualTo("default");
    }

    @Test
    void refusals_have_the_contract_s_exit_codes() throws Exception {
        ok("preset", SMALL_MODEL, "--alias", "tiny");
        CliRun taken = cli();
        assertThat(taken.run("preset", OTHER_MODEL, "--alias", "tiny")).isEqualTo(ExitCode.FAILED);
        assertThat(taken.err()).contains("tiny", SMALL_MODEL);

        for (String[] args : new String[][] {
                {"preset"},
                {"preset", SMALL_MODEL, "--ttl", "-5"},
                {"preset", SMALL_MODEL, "--gpu-offload", "2"},
                {"preset", "--list", SMALL_MODEL},
                {"preset", SMALL_MODEL, "--clear", "--pin"},
                {"preset", SMALL_MODEL, "--remove-alias", "never-given"},
                {"preset", "no-such-model-anywhere"},
                {"preset", SMALL_MODEL, "--alias", "two words"}}) {
            CliRun usage = cli();
            assertThat(usage.run(args)).as(String.join(" ", args) + ": " + usage.err()).isEqualTo(ExitCode.USAGE);
            assertThat(usage.err()).startsWith("lmdeck: ");
        }
        assertThat(stored(SMALL_MODEL).get("aliases").toString()).as("unchanged").isEqualTo("[\"tiny\"]");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun unreachable = CliRun.against("http://127.0.0.1:" + closedPort);
        assertThat(unreachable.run("preset", "--list")).isEqualTo(ExitCode.UNREACHABLE);
    }
}
