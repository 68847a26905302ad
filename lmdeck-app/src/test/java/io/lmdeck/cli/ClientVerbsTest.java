package io.lmdeck.cli;

import static io.lmdeck.cli.Fixtures.activity;
import static io.lmdeck.cli.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** models, ps, status, unload, cancel, activity, events against a fake lmdeck server speaking the contract. */
class ClientVerbsTest extends FakeServerTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T07:10:00Z"), ZoneOffset.UTC);

    private CliRun cli() {
        return CliRun.against(server.url()).clock(NOW);
    }

    @Test
    void modelsListsLlmsThenEmbeddingsWithTheLoadedAndActiveMarkers() {
        CliRun cli = cli();
        assertThat(cli.run("models")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "You have 4 models, taking up 26.2 GB of disk space.",
                "",
                "LLM                    PARAMS  ARCH   QUANT   SIZE",
                "qwen3-8b               8B      qwen3  Q4_K_M  5.03 GB  ✓ LOADED · ACTIVE",
                "qwen3-32b              32B     qwen3  Q4_K_M  19.8 GB",
                "llama-3.2-1b-instruct  1B      llama  Q8_0    1.32 GB",
                "",
                "EMBEDDING                             PARAMS  ARCH        QUANT   SIZE",
                "text-embedding-nomic-embed-text-v1.5          nomic-bert  Q4_K_M  84.0 MB",
                ""));
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void modelsJsonIsTheServersCatalogue() throws Exception {
        CliRun cli = cli();
        assertThat(cli.run("models", "--json")).isEqualTo(ExitCode.OK);
        assertThat(json.readTree(cli.out())).isEqualTo(json.readTree(Fixtures.CATALOG));
    }

    @Test
    void modelsSaysWhenTheCatalogueIsStale() {
        server.json("GET", "/api/models/lmstudio", 200,
                Fixtures.CATALOG.replace("\"online\":true,\"stale\":false", "\"online\":false,\"stale\":true"));
        CliRun cli = cli();
        assertThat(cli.run("models", "--llm")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).startsWith("LM Studio is offline: this is the last known catalogue")
                .doesNotContain("EMBEDDING");
    }

    @Test
    void modelsAgainstALmdeckThatHasNotReachedLmStudioSaysSoAndExits3LikeStatus() throws Exception {
        String unknown = "{\"online\":false,\"stale\":true,\"models\":[]}";
        server.json("GET", "/api/models/lmstudio", 200, unknown)
                .json("GET", "/api/models/lmstudio/status", 200, Fixtures.STATUS_OFFLINE);
        CliRun cli = cli();
        assertThat(cli.run("models")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).startsWith("lmdeck: lmdeck has not reached LM Studio at http://localhost:1234 since it"
                + " started, so it does not know its models — start LM Studio").doesNotContain("no models yet");

        server.json("GET", "/api/models/lmstudio/status", 200, Fixtures.STATUS_OFFLINE
                .replace("\"checked_at\":\"2026-11-24T07:05:00Z\"", "\"checked_at\":null"));
        CliRun justStarted = cli();
        assertThat(justStarted.run("models")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(justStarted.err()).contains("has not reached LM Studio at http://localhost:1234 yet (it has just started)");

        CliRun asJson = cli();
        assertThat(asJson.run("models", "--json")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(json.readTree(asJson.out())).isEqualTo(json.readTree(unknown));
    }

    @Test
    void modelsLlmAndEmbeddingTogetherIsAUsageError() {
        CliRun cli = cli();
        assertThat(cli.run("models", "--llm", "--embedding")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--llm", "--embedding", "mutually exclusive");
        assertThat(cli.out()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void psShowsTheLoadedInstances() throws Exception {
        CliRun cli = cli();
        assertThat(cli.run("ps")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "IDENTIFIER  MODEL     CONTEXT  SIZE     LOADED BY  SINCE                 ",
                "qwen3-8b    qwen3-8b  4096     5.03 GB  lmdeck     07:00:00 (10 min ago)  ACTIVE",
                "").replace("                 \n", "\n"));

        CliRun asJson = cli();
        assertThat(asJson.run("ps", "--json")).isEqualTo(ExitCode.OK);
        JsonNode instances = json.readTree(asJson.out());
        assertThat(instances.isArray()).isTrue();
        assertThat(instances.get(0).path("instance_id").asText()).isEqualTo("qwen3-8b");
    }

    @Test
    void psWithNothingLoadedSaysHowToLoad() {
        server.json("GET", "/api/models/lmstudio/status", 200, Fixtures.STATUS_OFFLINE.replace("\"online\":false", "\"online\":true"));
        CliRun cli = cli();
        assertThat(cli.run("ps")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("No models are currently loaded.", "./lmdeck load MODEL");
    }

    @Test
    void statusShowsEverythingOnOneScreen() {
        CliRun cli = cli();
        assertThat(cli.run("status")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "LM Studio    online at http://localhost:1234, version 0.3.31, via websocket",
                "State        ready",
                "Active model qwen3-8b (Qwen3 8B), loaded",
                "Loaded       qwen3-8b, 5.03 GB file, by lmdeck",
                "Memory       ~5.03 GB for the loaded models (their file sizes), host 41.0 GB free of 64.0 GB",
                "Last error   none",
                "Checked      07:05:00, through lmdeck at " + server.url(),
                ""));
    }

    @Test
    void statusExits3WhenLmStudioIsOfflineAndSaysWhatToDo() throws Exception {
        server.json("GET", "/api/models/lmstudio/status", 200, Fixtures.STATUS_OFFLINE);
        CliRun cli = cli();
        assertThat(cli.run("status")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.out()).contains("LM Studio    OFFLINE (http://localhost:1234) — start LM Studio",
                "Last error   LM Studio is not reachable at http://localhost:1234 (6 min ago)");

        CliRun asJson = cli();
        assertThat(asJson.run("status", "--json")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(json.readTree(asJson.out()).path("lmstudio").path("online").asBoolean(true)).isFalse();
    }

    @Test
    void statusRightAfterLmdeckStartedSaysItHasNotCheckedYetRatherThanOffline() throws Exception {
        server.json("GET", "/api/models/lmstudio/status", 200, Fixtures.STATUS_OFFLINE
                .replace("\"checked_at\":\"2026-11-24T07:05:00Z\"", "\"checked_at\":null"));
        CliRun cli = cli();
        assertThat(cli.run("status")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.out()).contains("LM Studio    not checked yet (lmdeck has just started), looking at http://localhost:1234")
                .doesNotContain("OFFLINE");
    }

    @Test
    void statusShowsARunningLoad() {
        server.json("GET", "/api/models/lmstudio/status", 200, Fixtures.STATUS_LOADING);
        CliRun cli = cli();
        assertThat(cli.run("status")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("Loading      qwen3-32b 25%, ETA 12.0 s (operation op-7)",
                "Memory       nothing loaded, ~21.0 GB for the next load (LM Studio's estimate)");
    }

    @Test
    void unloadResolvesAPartialNameAmongTheLoadedModels() throws Exception {
        server.json("POST", "/api/models/lmstudio/unload", 200, "{\"unloaded_instance_ids\":[\"qwen3-8b\"]}");
        CliRun cli = cli();
        // "qwen" alone is ambiguous in the catalogue, but only one qwen is loaded.
        assertThat(cli.run("unload", "qwen")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo("Unloaded qwen3-8b.\n");
        assertThat(json.readTree(server.requests("POST", "/api/models/lmstudio/unload").get(0).body()))
                .isEqualTo(json.readTree("{\"model_id\":\"qwen3-8b\"}"));
    }

    @Test
    void unloadTakesTheRemainingWordsAsOneModelName() throws Exception {
        server.json("POST", "/api/models/lmstudio/unload", 200, "{\"unloaded_instance_ids\":[\"qwen3-8b\"]}");
        CliRun cli = cli();
        assertThat(cli.run("unload", "Qwen3", "8B")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo("Unloaded qwen3-8b.\n");
        assertThat(json.readTree(server.requests("POST", "/api/models/lmstudio/unload").get(0).body()))
                .isEqualTo(json.readTree("{\"model_id\":\"qwen3-8b\"}"));
    }

    @Test
    void unloadByInstanceIdentifierAndEverything() throws Exception {
        server.json("POST", "/api/models/lmstudio/unload", 200, "{\"unloaded_instance_ids\":[\"qwen3-8b\",\"nomic:2\"]}");
        CliRun all = cli();
        assertThat(all.run("unload", "--all")).isEqualTo(ExitCode.OK);
        assertThat(all.out()).isEqualTo("Unloaded 2 models: qwen3-8b, nomic:2\n");
        assertThat(json.readTree(server.requests("POST", "/api/models/lmstudio/unload").get(0).body()))
                .isEqualTo(json.readTree("{\"all\":true}"));
    }

    @Test
    void unloadingAModelThatIsNotLoadedIsNotAnError() {
        CliRun cli = cli();
        assertThat(cli.run("unload", "32b")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo("qwen3-32b is not loaded: nothing to unload.\n");
        assertThat(server.requests("POST", "/api/models/lmstudio/unload")).isEmpty();
    }

    @Test
    void unloadOfAnUnknownModelExits2WithCloseMatches() {
        CliRun cli = cli();
        assertThat(cli.run("unload", "qwen3-7b")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("lmdeck: no model matches \"qwen3-7b\"; did you mean:").contains("qwen3-8b");
    }

    @Test
    void cancelWithoutAnOperationCancelsTheRunningLoad() throws Exception {
        server.json("GET", "/api/models/lmstudio/status", 200, Fixtures.STATUS_LOADING)
                .json("POST", "/api/models/lmstudio/cancel", 200,
                        "{\"operation_id\":\"op-7\",\"model_id\":\"qwen3-32b\",\"outcome\":\"cancelled\",\"error\":null}");
        CliRun cli = cli();
        assertThat(cli.run("cancel")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo("Cancelled the load of qwen3-32b (operation op-7).\n");
        assertThat(json.readTree(server.requests("POST", "/api/models/lmstudio/cancel").get(0).body()))
                .isEqualTo(json.readTree("{\"operation_id\":\"op-7\"}"));
    }

    @Test
    void cancelWithNothingRunningSaysSo() {
        CliRun cli = cli();
        assertThat(cli.run("cancel")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo("Nothing to cancel: no load is running.\n");
    }

    @Test
    void cancelOfAnUnknownOperationShowsTheServersMessage() {
        server.json("POST", "/api/models/lmstudio/cancel", 404,
                Fixtures.error("operation_not_found", "No operation op-404 (it may have finished already)"));
        CliRun cli = cli();
        assertThat(cli.run("cancel", "op-404")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("lmdeck: No operation op-404 (it may have finished already)\n");
    }

    @Test
    void activityIsATableNewestFirstWithFiltersPassedToTheServer() throws Exception {
        server.json("GET", "/api/activity", 200, activity(
                event(12, "model_loading_complete", "op-1", "qwen3-8b", "LM Studio: Model Ready (Qwen3 8B, 6.2 s)", "{}"),
                event(11, "model_loading_started", "op-1", "qwen3-8b", "LM Studio: Loading Qwen3 8B…", "{}")));
        CliRun cli = cli();
        assertThat(cli.run("activity", "--model", "8b", "--type", "complete", "--limit", "5")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "ID  TIME      TYPE                    CAUSE  MESSAGE",
                "12  07:05:12  model_loading_complete  cli    LM Studio: Model Ready (Qwen3 8B, 6.2 s)",
                "11  07:05:11  model_loading_started   cli    LM Studio: Loading Qwen3 8B…",
                ""));
        assertThat(server.requests("GET", "/api/activity").get(0).pathAndQuery())
                .isEqualTo("/api/activity?limit=5&type=model_loading_complete&model_id=qwen3-8b");

        CliRun asJson = cli();
        assertThat(asJson.run("activity", "--json")).isEqualTo(ExitCode.OK);
        assertThat(json.readTree(asJson.out()).path("items")).hasSize(2);
    }

    @Test
    void activityHelpListsEveryEventType() {
        CliRun cli = cli();
        assertThat(cli.run("activity", "--help")).isEqualTo(ExitCode.OK);
        for (io.lmdeck.events.EventType type : io.lmdeck.events.EventType.values()) {
            assertThat(cli.out()).contains(type.wireName());
        }
    }

    @Test
    void activityRejectsAnUnknownTypeListingTheRealOnes() {
        CliRun cli = cli();
        assertThat(cli.run("activity", "--type", "exploded")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--type exploded is not an event type", "model_loading_failed", "lmstudio_offline");
        assertThat(server.requests("GET", "/api/activity")).isEmpty();
    }

    @Test
    void eventsPrintsTheLatestOldestFirst() throws Exception {
        server.json("GET", "/api/activity", 200, activity(
                event(12, "model_loading_complete", "op-1", "qwen3-8b", "LM Studio: Model Ready (Qwen3 8B, 6.2 s)", "{}"),
                event(11, "model_loading_started", "op-1", "qwen3-8b", "LM Studio: Loading Qwen3 8B…", "{}")));
        CliRun cli = cli();
        assertThat(cli.run("events")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "07:05:11  cli       LM Studio: Loading Qwen3 8B…",
                "07:05:12  cli       LM Studio: Model Ready (Qwen3 8B, 6.2 s)",
                ""));

        CliRun asJson = cli();
        assertThat(asJson.run("events", "--json")).isEqualTo(ExitCode.OK);
        String[] lines = asJson.out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(json.readTree(lines[0]).path("id").asLong()).isEqualTo(11);
    }

    /** {@code events …} with event 11 in the log, once its event stream is open. */
    private CompletableFuture<Integer> followAfterEvent11(CliRun cli, String... args) {
        server.json("GET", "/api/activity", 200, activity(
                event(11, "model_loading_started", "op-1", "qwen3-8b", "LM Studio: Loading Qwen3 8B…", "{}")));
        CompletableFuture<Integer> exit = cli.start(args);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectedStreams() == 1);
        return exit;
    }

    @Test
    void eventsFollowResumesAfterTheLastPrintedEventAndStopsOnCtrlC() throws Exception {
        CliRun cli = cli();
        CompletableFuture<Integer> exit = followAfterEvent11(cli, "events", "--follow", "--json");
        assertThat(server.requests("GET", "/api/events").get(0).header("Last-Event-ID")).isEqualTo("11");
        server.push(11, "model_loading_started",
                event(11, "model_loading_started", "op-1", "qwen3-8b", "replayed duplicate", "{}"));
        server.push(12, "model_loading_progress",
                event(12, "model_loading_progress", "op-1", "qwen3-8b", "LM Studio: Loading Qwen3 8B… 50%", "{\"progress\":0.5}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().split("\n").length == 2);
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        String[] lines = cli.out().split("\n");
        assertThat(json.readTree(lines[0]).path("id").asLong()).isEqualTo(11);
        assertThat(json.readTree(lines[1]).path("id").asLong()).isEqualTo(12);
        assertThat(cli.out()).doesNotContain("replayed duplicate");
    }

    @Test
    void eventsFollowPrintsProgressAtTenPercentStepsButNotTheZeroOrHundredPercentLines() throws Exception {
        CliRun cli = cli();
        CompletableFuture<Integer> exit = followAfterEvent11(cli, "events", "--follow");
        long id = 12;
        for (double progress : new double[] {0.0, 0.04, 0.1, 0.15, 0.5, 1.0}) {
            server.push(id, "model_loading_progress", event(id, "model_loading_progress", "op-1", "qwen3-8b",
                    "LM Studio: Loading Qwen3 8B… " + Math.round(progress * 100) + "%", "{\"progress\":" + progress + "}"));
            id++;
        }
        server.push(id, "model_loading_complete", event(id, "model_loading_complete", "op-1", "qwen3-8b",
                "LM Studio: Model Ready (Qwen3 8B, 6.2 s)", "{}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("Model Ready"));
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        assertThat(cli.out().lines().map(line -> line.substring(20))).containsExactly(
                "LM Studio: Loading Qwen3 8B…",
                "LM Studio: Loading Qwen3 8B… 10%",
                "LM Studio: Loading Qwen3 8B… 50%",
                "LM Studio: Model Ready (Qwen3 8B, 6.2 s)");
    }

    @Test
    void eventsFollowTakesWhatAResyncDroppedFromTheLog() throws Exception {
        CliRun cli = cli();
        CompletableFuture<Integer> exit = followAfterEvent11(cli, "events", "--follow");
        server.json("GET", "/api/activity", 200, activity(
                event(13, "model_loading_complete", "op-1", "qwen3-8b", "LM Studio: Model Ready (Qwen3 8B, 6.2 s)", "{}"),
                event(12, "model_loading_progress", "op-1", "qwen3-8b", "LM Studio: Loading Qwen3 8B… 50%",
                        "{\"progress\":0.5}"),
                event(11, "model_loading_started", "op-1", "qwen3-8b", "LM Studio: Loading Qwen3 8B…", "{}")));
        server.pushUnnumbered("resync", "{\"reason\":\"slow_client\",\"last_event_id\":11}");
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("Model Ready"));
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "07:05:11  cli       LM Studio: Loading Qwen3 8B…",
                "07:05:12  cli       LM Studio: Loading Qwen3 8B… 50%",
                "07:05:13  cli       LM Studio: Model Ready (Qwen3 8B, 6.2 s)",
                ""));
    }

    @Test
    void eventsFollowExits3WhenTheServerGoesAway() throws Exception {
        server.json("GET", "/api/activity", 200, activity());
        CliRun cli = cli();
        CompletableFuture<Integer> exit = cli.start("events", "-f");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectedStreams() == 1);
        server.endStreams();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err()).contains("closed the event stream");
    }

    @Test
    void serverErrorsShowTheServersMessageAndTheRightExitCode() {
        server.json("GET", "/api/models/lmstudio", 503,
                Fixtures.error("lmstudio_offline", "LM Studio is not reachable at http://localhost:1234"));
        CliRun offline = cli();
        assertThat(offline.run("load", "qwen3-8b")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(offline.err()).isEqualTo("lmdeck: LM Studio is not reachable at http://localhost:1234 — start LM Studio"
                + " (or its server: lms server start), or run ./lmdeck serve --simulator to try lmdeck without it\n");

        server.json("GET", "/api/models/lmstudio/status", 500, Fixtures.error("internal", "Something broke inside lmdeck"));
        CliRun broken = cli();
        assertThat(broken.run("ps")).isEqualTo(ExitCode.FAILED);
        assertThat(broken.err()).isEqualTo("lmdeck: Something broke inside lmdeck\n");

        server.json("GET", "/api/models/lmstudio/status", 502, "<html>Bad gateway</html>");
        CliRun notLmdeck = cli();
        assertThat(notLmdeck.run("status")).isEqualTo(ExitCode.FAILED);
        assertThat(notLmdeck.err()).isEqualTo("lmdeck: the lmdeck server answered HTTP 502\n");
    }

    @Test
    void theTokenIsSentAsABearerAndAMissingOneIsExplained() {
        server.route("GET", "/api/models/lmstudio/status", request -> "Bearer s3cret".equals(request.header("Authorization"))
                ? new FakeLmdeck.Response(200, Fixtures.STATUS)
                : new FakeLmdeck.Response(401, Fixtures.error("unauthorized", "Missing or wrong bearer token")));
        CliRun without = cli();
        assertThat(without.run("ps")).isEqualTo(ExitCode.USAGE);
        assertThat(without.err()).contains("Missing or wrong bearer token", "set LMDECK_TOKEN or pass --token");

        CliRun withEnv = cli().env("LMDECK_TOKEN", "s3cret");
        assertThat(withEnv.run("ps")).isEqualTo(ExitCode.OK);
        CliRun withOption = cli();
        assertThat(withOption.run("ps", "--token", "s3cret")).isEqualTo(ExitCode.OK);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("X-Lmdeck-Client")).isEqualTo("cli"));
    }
}
