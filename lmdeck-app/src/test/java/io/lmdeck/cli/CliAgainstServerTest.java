package io.lmdeck.cli;

import static io.lmdeck.server.RunningLmdeck.LARGE_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import io.lmdeck.server.RunningLmdeck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every CLI command against a real lmdeck server backed by the LM Studio simulator. */
class CliAgainstServerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ObjectMapper json = new ObjectMapper();
    private RunningLmdeck deck;

    @BeforeEach
    void start() {
        // 1 s per GB: the small model takes ~0.8 s (progress to watch), the large one ~20 s (time to cancel).
        deck = RunningLmdeck.builder().loadSecondsPerGb(1.0).start();
        awaitCatalogue(deck);
    }

    /** lmdeck reads LM Studio's catalogue right after it starts; commands that name a model need it. */
    private void awaitCatalogue(RunningLmdeck server) {
        await().atMost(WAIT).until(() -> json.readTree(server.http().get("/api/models/lmstudio").body())
                .path("models").size() > 0);
    }

    @AfterEach
    void stop() {
        deck.close();
    }

    private CliRun cli() {
        return CliRun.against(deck.url().toString());
    }

    private JsonNode run(String... args) throws Exception {
        CliRun cli = cli();
        assertThat(cli.run(args)).as(cli.err()).isEqualTo(ExitCode.OK);
        return json.readTree(cli.out());
    }

    private String lmstudioState() throws Exception {
        return json.readTree(deck.http().get("/api/models/lmstudio/status").body()).path("lmstudio").path("status").asText();
    }

    @Test
    void modelsListsTheSimulatorsCatalogueAndItsJsonParses() throws Exception {
        CliRun cli = cli();
        assertThat(cli.run("models")).isEqualTo(ExitCode.OK);
        List<String> lines = List.of(cli.out().split("\n"));
        assertThat(lines.get(0)).matches("You have 11 models, taking up \\d+(\\.\\d+)? GB of disk space\\.");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("LLM ").contains("PARAMS", "ARCH", "QUANT", "SIZE"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("google/gemma-3-1b +1B +\\S+ +\\S+ +806 MB"));
        assertThat(lines.indexOf(lines.stream().filter(l -> l.startsWith("EMBEDDING")).findFirst().orElseThrow()))
                .isGreaterThan(lines.indexOf(lines.stream().filter(l -> l.startsWith("qwen/qwen3-32b")).findFirst().orElseThrow()));

        JsonNode catalog = run("models", "--json");
        assertThat(catalog.path("online").asBoolean()).isTrue();
        assertThat(catalog.path("models")).hasSize(11);
    }

    @Test
    void loadShowsProgressLinesWhenNotATerminalAndThenPsStatusActivityAndEventsShowIt() throws Exception {
        CliRun load = cli();
        assertThat(load.run("load", "gemma-3-1b")).as(load.err()).isEqualTo(ExitCode.OK);
        List<String> lines = List.of(load.out().split("\n"));
        assertThat(lines.get(0)).isEqualTo("Loading google/gemma-3-1b (Gemma 3 1B)…");
        List<String> progress = lines.stream().filter(l -> l.startsWith("Loading google/gemma-3-1b: "))
                .collect(Collectors.toList());
        assertThat(progress).isNotEmpty().allSatisfy(l ->
                assertThat(l).matches("Loading google/gemma-3-1b: [1-9]0% \\(\\d+\\.\\d s elapsed(, ETA \\d+\\.\\d s)?\\)"));
        assertThat(percentages(progress)).isSorted().doesNotHaveDuplicates();
        assertThat(lines.get(lines.size() - 1))
                .matches("✓ google/gemma-3-1b is ready, loaded in \\d+\\.\\d s\\. It is now the active model\\.");
        assertThat(load.out()).doesNotContain("\r");

        CliRun ps = cli();
        assertThat(ps.run("ps")).isEqualTo(ExitCode.OK);
        assertThat(ps.out()).startsWith("IDENTIFIER").contains("google/gemma-3-1b", "lmdeck", "ACTIVE");
        JsonNode instances = run("ps", "--json");
        assertThat(instances).hasSize(1);
        assertThat(instances.get(0).path("model_id").asText()).isEqualTo(SMALL_MODEL);
        assertThat(instances.get(0).path("loaded_by").asText()).isEqualTo("lmdeck");

        CliRun status = cli();
        assertThat(status.run("status")).isEqualTo(ExitCode.OK);
        assertThat(status.out()).contains("LM Studio    online at " + deck.simUrl().toString().replaceAll("/$", ""),
                "State        ready", "Active model google/gemma-3-1b (Gemma 3 1B), loaded", "Last error   none");
        assertThat(run("status", "--json").path("lmstudio").path("active_model").path("model_id").asText())
                .isEqualTo(SMALL_MODEL);

        JsonNode activity = run("activity", "--json", "--model", "gemma-3-1b");
        assertThat(activity.path("items")).anySatisfy(item -> {
            assertThat(item.path("type").asText()).isEqualTo("model_loading_complete");
            assertThat(item.path("cause").asText()).isEqualTo("cli");
            assertThat(item.path("model_id").asText()).isEqualTo(SMALL_MODEL);
        });
        CliRun table = cli();
        assertThat(table.run("activity", "--type", "complete")).isEqualTo(ExitCode.OK);
        assertThat(table.out()).startsWith("ID  TIME").contains("model_loading_complete  cli    LM Studio: Model Ready (Gemma 3 1B");

        CliRun events = cli();
        assertThat(events.run("events")).isEqualTo(ExitCode.OK);
        assertThat(events.out()).contains("LM Studio: Loading Gemma 3 1B…", "LM Studio: Model Ready (Gemma 3 1B");
        CliRun eventsJson = cli();
        assertThat(eventsJson.run("events", "--json")).isEqualTo(ExitCode.OK);
        List<Long> ids = new ArrayList<>();
        for (String line : eventsJson.out().split("\n")) {
            ids.add(json.readTree(line).path("id").asLong());
        }
        assertThat(ids).isNotEmpty().isSorted();
    }

    @Test
    void loadingWhatIsAlreadyLoadedExits0AtOnce() throws Exception {
        assertThat(cli().run("load", SMALL_MODEL)).isEqualTo(ExitCode.OK);
        CliRun again = cli();
        assertThat(again.run("load", "Gemma 3 1B")).isEqualTo(ExitCode.OK);
        assertThat(again.out()).isEqualTo("google/gemma-3-1b is already loaded; it is now the active model.\n");
    }

    @Test
    void unloadByPartNameAndAll() throws Exception {
        assertThat(cli().run("load", SMALL_MODEL)).isEqualTo(ExitCode.OK);
        CliRun unload = cli();
        assertThat(unload.run("unload", "gemma-3-1")).as(unload.err()).isEqualTo(ExitCode.OK);
        assertThat(unload.out()).isEqualTo("Unloaded google/gemma-3-1b.\n");
        assertThat(run("ps", "--json")).isEmpty();

        CliRun notLoaded = cli();
        assertThat(notLoaded.run("unload", "gemma-3-1b")).isEqualTo(ExitCode.OK);
        assertThat(notLoaded.out()).isEqualTo("google/gemma-3-1b is not loaded: nothing to unload.\n");

        deck.sim().loadExternally("qwen/qwen3-4b-2507");
        await().atMost(WAIT).until(() -> run("ps", "--json").size() == 1);
        CliRun all = cli();
        assertThat(all.run("unload", "--all")).as(all.err()).isEqualTo(ExitCode.OK);
        assertThat(all.out()).startsWith("Unloaded 1 model: ");
        assertThat(run("ps", "--json")).isEmpty();
    }

    @Test
    void ctrlCDuringALoadCancelsItAndExits1() throws Exception {
        CliRun cli = cli();
        CompletableFuture<Integer> exit = cli.start("load", "qwen3-32b");
        await().atMost(WAIT).failFast(() -> exit.isDone())
                .until(() -> cli.out().contains("Loading qwen/qwen3-32b: 10%"));
        cli.interrupts().press();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).contains("Cancelling the load of qwen/qwen3-32b…", "lmdeck: load cancelled.");
        await().atMost(WAIT).until(() -> !lmstudioState().equals("loading"));
        JsonNode cancelled = run("activity", "--json", "--type", "model_loading_cancelled");
        assertThat(cancelled.path("items")).anySatisfy(item -> {
            assertThat(item.path("model_id").asText()).isEqualTo(LARGE_MODEL);
            assertThat(item.path("cause").asText()).isEqualTo("cli");
        });
        assertThat(run("ps", "--json")).isEmpty();
    }

    @Test
    void cancelStopsTheRunningLoadStartedWithNoWait() throws Exception {
        CliRun start = cli();
        assertThat(start.run("load", "qwen3-32b", "--no-wait")).isEqualTo(ExitCode.OK);
        assertThat(start.out()).startsWith("Loading qwen/qwen3-32b (operation ");
        await().atMost(WAIT).until(() -> lmstudioState().equals("loading"));

        CliRun cancel = cli();
        assertThat(cancel.run("cancel")).as(cancel.err()).isEqualTo(ExitCode.OK);
        assertThat(cancel.out()).startsWith("Cancelled the load of qwen/qwen3-32b (operation ");
        await().atMost(WAIT).until(() -> !lmstudioState().equals("loading"));

        CliRun nothing = cli();
        assertThat(nothing.run("cancel")).isEqualTo(ExitCode.OK);
        assertThat(nothing.out()).isEqualTo("Nothing to cancel: no load is running.\n");
    }

    @Test
    void aFailedLoadExits1WithLmStudiosReason() {
        deck.sim().injectFailure(SMALL_MODEL, FailureMode.INSUFFICIENT_MEMORY);
        CliRun cli = cli();
        assertThat(cli.run("load", SMALL_MODEL)).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).startsWith("lmdeck: ").containsIgnoringCase("memory");
        CliRun status = cli();
        assertThat(status.run("status")).isEqualTo(ExitCode.OK);
        assertThat(status.out()).containsPattern("Last error   .*(?i)memory");
    }

    @Test
    void ambiguousAndUnknownNamesExit2WithoutLoadingAnything() throws Exception {
        CliRun ambiguous = cli();
        assertThat(ambiguous.run("load", "qwen")).isEqualTo(ExitCode.USAGE);
        assertThat(ambiguous.err()).startsWith("lmdeck: \"qwen\" matches 4 models; say which one:")
                .contains("qwen/qwen3-4b-2507", "qwen/qwen3-8b", "qwen/qwen3-32b", "qwen2-vl-7b-instruct");

        CliRun unknown = cli();
        assertThat(unknown.run("load", "mistral-large")).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("no model matches \"mistral-large\"; did you mean:",
                "mistralai/mistral-small-3.2");
        assertThat(deck.sim().loadCalls()).isZero();
        assertThat(lmstudioState()).isNotEqualTo("loading");
    }

    @Test
    void lmStudioOfflineIsExit3WithWhatToDo() throws Exception {
        deck.sim().goOffline();
        await().atMost(WAIT).until(() -> lmstudioState().equals("offline"));
        CliRun status = cli();
        assertThat(status.run("status")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(status.out()).contains("LM Studio    OFFLINE", "start LM Studio");

        CliRun load = cli();
        assertThat(load.run("load", SMALL_MODEL)).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(load.err()).startsWith("lmdeck: ").contains("./lmdeck serve --simulator");

        CliRun models = cli();
        assertThat(models.run("models")).isEqualTo(ExitCode.OK);
        assertThat(models.out()).startsWith("LM Studio is offline: this is the last known catalogue");
    }

    @Test
    void eventsFollowPrintsLiveEventsUntilCtrlC() throws Exception {
        CliRun cli = cli();
        CompletableFuture<Integer> exit = cli.start("events", "--follow", "--json");
        // Once the CLI listens for Ctrl-C it is subscribed: cause events through the API.
        await().atMost(WAIT).until(() -> cli.interrupts().listening());
        deck.http().post("/api/models/lmstudio/load", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
        await().atMost(WAIT).until(() -> cli.out().contains("\"model_loading_complete\""));
        cli.interrupts().press();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        List<String> types = new ArrayList<>();
        for (String line : cli.out().split("\n")) {
            JsonNode event = json.readTree(line);
            if (SMALL_MODEL.equals(event.path("model_id").asText())) {
                types.add(event.path("type").asText());
                assertThat(event.path("cause").asText()).isEqualTo("api");
            }
        }
        assertThat(types).containsSubsequence("model_loading_started", "model_loading_complete");
    }

    @Test
    void aServerWithATokenNeedsIt() throws Exception {
        try (RunningLmdeck locked = RunningLmdeck.builder().token("t0k3n").start()) {
            CliRun without = CliRun.against(locked.url().toString());
            assertThat(without.run("ps")).isEqualTo(ExitCode.USAGE);
            assertThat(without.err()).contains("set LMDECK_TOKEN or pass --token").doesNotContain("t0k3n");
            CliRun with = CliRun.against(locked.url().toString()).env("LMDECK_TOKEN", "t0k3n");
            assertThat(with.run("ps")).isEqualTo(ExitCode.OK);
            assertThat(with.out()).contains("No models are currently loaded.");
        }
    }

    @Test
    void aStoppedServerIsExit3() {
        String url = deck.url().toString();
        deck.close();
        CliRun cli = CliRun.against(url);
        assertThat(cli.run("status")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err()).startsWith("lmdeck: cannot reach the lmdeck server at " + url);
        deck = RunningLmdeck.start();
    }

    private static List<Integer> percentages(List<String> progressLines) {
        return progressLines.stream().map(l -> Integer.parseInt(l.replaceAll(".*: (\\d+)%.*", "$1")))
                .collect(Collectors.toList());
    }
}
