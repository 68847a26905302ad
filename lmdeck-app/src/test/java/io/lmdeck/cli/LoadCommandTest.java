package io.lmdeck.cli;

import static io.lmdeck.cli.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** load: the request it sends, the live progress it shows, and how it ends, against a fake lmdeck server. */
class LoadCommandTest extends FakeServerTest {
    private static final String ACCEPTED = "{\"operation_id\":\"op-9\",\"model_id\":\"qwen3-32b\",\"state\":\"loading\"}";

    /** On POST load: 202, then progress events every 5 % for {@code upTo}, then {@code ending} (if any). */
    private void loadAnswers(double upTo, String endingType, String endingMessage) {
        server.route("POST", "/api/models/lmstudio/load", request -> {
            // An event about another operation must not confuse the watcher.
            server.push(1, "model_loading_progress",
                    event(1, "model_loading_progress", "op-other", "llama-3.2-1b-instruct", "other", "{\"progress\":0.9}"));
            long id = 2;
            server.push(id++, "model_loading_started", event(2, "model_loading_started", "op-9", "qwen3-32b",
                    "LM Studio: Loading Qwen3 32B…", "{}"));
            for (int step = 1; step * 0.05 <= upTo + 1e-9; step++) {
                server.push(id, "model_loading_progress", event(id, "model_loading_progress", "op-9", "qwen3-32b",
                        "progress", "{\"progress\":" + step * 0.05 + ",\"eta_seconds\":" + (20 - step) * 0.1 + "}"));
                id++;
            }
            if (endingType != null) {
                server.push(id, endingType, event(id, endingType, "op-9", "qwen3-32b", endingMessage, "{\"duration_ms\":6200}"));
            }
            return new FakeLmdeck.Response(202, ACCEPTED);
        });
    }

    @Test
    void withoutATerminalTheProgressIsOneLinePerTenPercentAndReadyExits0() throws Exception {
        loadAnswers(1.0, "model_loading_complete", "LM Studio: Model Ready (Qwen3 32B, 6.2 s)");
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b", "--context-length", "8192", "--gpu-offload", "max", "--ttl", "600"))
                .isEqualTo(ExitCode.OK);
        String[] lines = cli.out().split("\n");
        assertThat(lines[0]).isEqualTo("Loading qwen3-32b (Qwen3 32B)…");
        assertThat(lines).filteredOn(l -> l.startsWith("Loading qwen3-32b: ")).extracting(l -> l.split("[:%]")[1].trim())
                .containsExactly("10", "20", "30", "40", "50", "60", "70", "80", "90");
        assertThat(lines[1]).matches("Loading qwen3-32b: 10% \\(\\d+\\.\\d s elapsed, ETA 1\\.8 s\\)");
        assertThat(lines[lines.length - 1]).isEqualTo("✓ qwen3-32b is ready, loaded in 6.2 s. It is now the active model.");
        assertThat(cli.out()).doesNotContain("\r", "█");
        assertThat(json.readTree(server.requests("POST", "/api/models/lmstudio/load").get(0).body())).isEqualTo(json.readTree(
                "{\"model_id\":\"qwen3-32b\",\"context_length\":8192,\"gpu_offload\":\"max\",\"ttl_seconds\":600,"
                        + "\"keep_others\":false}"));
        // Subscribed before asking, so no event about the load can be missed.
        assertThat(server.requests().stream().map(FakeLmdeck.Request::pathAndQuery))
                .containsSubsequence("/api/events", "/api/models/lmstudio/load");
    }

    @Test
    void theRemainingWordsAreOneModelName() throws Exception {
        server.json("POST", "/api/models/lmstudio/load", 202, ACCEPTED);
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "qwen3", "32", "b", "--no-wait")).as(cli.err()).isEqualTo(ExitCode.OK);
        assertThat(json.readTree(server.requests("POST", "/api/models/lmstudio/load").get(0).body()).path("model_id")
                .asText()).isEqualTo("qwen3-32b");
    }

    @Test
    void aContextLengthOverTheModelsMaximumNamesTheOptionAndSendsNothing() {
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b", "-c", "999999999")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo(
                "lmdeck: -c/--context-length must be between 1 and 32768 for qwen3-32b (got 999999999)\n");
        assertThat(server.requests("POST", "/api/models/lmstudio/load")).isEmpty();
    }

    @Test
    void aRefusalOfTheServerNamesTheOptionsNotTheApisFields() {
        server.json("POST", "/api/models/lmstudio/load", 400, Fixtures.error("invalid_request",
                "Field 'ttl_seconds' must be between 1 and 31536000 (got 99999999999)"));
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b", "--ttl", "999999999", "--no-wait")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("lmdeck: --ttl must be between 1 and 31536000 (got 99999999999)\n");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndClearedAtTheEnd() {
        loadAnswers(0.5, "model_loading_complete", "ready");
        CliRun cli = CliRun.against(server.url()).terminal();
        assertThat(cli.run("load", "qwen3-32b", "--keep-others", "--gpu-offload", "0.5")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("\rLoading qwen3-32b  [", " 50%", "elapsed", "ETA",
                "✓ qwen3-32b is ready, loaded in 6.2 s.");
        assertThat(server.requests("POST", "/api/models/lmstudio/load").get(0).body())
                .contains("\"keep_others\":true", "\"gpu_offload\":0.5");
    }

    @Test
    void aFailedLoadExits1WithTheReason() {
        loadAnswers(0.3, "model_loading_failed",
                "LM Studio: Failed to load Qwen3 32B: not enough memory (needs ~21 GB)");
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "qwen3-32b")).isEqualTo(ExitCode.FAILED);
        assertThat(cli.out()).contains("Loading qwen3-32b: 30%");
        assertThat(cli.err()).isEqualTo(
                "lmdeck: LM Studio: Failed to load Qwen3 32B: not enough memory (needs ~21 GB)\n");
    }

    @Test
    void ctrlCCancelsTheLoadOnTheServerAndExits1() throws Exception {
        loadAnswers(0.2, null, null);
        server.route("POST", "/api/models/lmstudio/cancel", request -> {
            server.push(100, "model_loading_cancelled", event(100, "model_loading_cancelled", "op-9", "qwen3-32b",
                    "LM Studio: Cancelled loading Qwen3 32B", "{}"));
            return new FakeLmdeck.Response(200,
                    "{\"operation_id\":\"op-9\",\"model_id\":\"qwen3-32b\",\"outcome\":\"cancelled\",\"error\":null}");
        });
        CliRun cli = CliRun.against(server.url());
        CompletableFuture<Integer> exit = cli.start("load", "32b");
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("Loading qwen3-32b: 20%"));
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.FAILED);
        assertThat(json.readTree(server.requests("POST", "/api/models/lmstudio/cancel").get(0).body()))
                .isEqualTo(json.readTree("{\"operation_id\":\"op-9\"}"));
        assertThat(cli.err()).contains("Cancelling the load of qwen3-32b…", "lmdeck: load cancelled.");
        assertThat(cli.interrupts().listening()).isFalse();
    }

    @Test
    void aSecondCtrlCStopsWaitingForAStuckServer() throws Exception {
        loadAnswers(0.2, null, null);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.route("POST", "/api/models/lmstudio/cancel", request -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FakeLmdeck.Response(500, Fixtures.error("internal", "too late"));
        });
        CliRun cli = CliRun.against(server.url());
        CompletableFuture<Integer> exit = cli.start("load", "32b");
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("Loading qwen3-32b: 20%"));
        cli.interrupts().press();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests("POST", "/api/models/lmstudio/cancel").size() == 1);
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.FAILED);
        release.countDown();
        assertThat(cli.err()).contains("Cancelling the load of qwen3-32b…", "could not cancel: interrupted");
    }

    @Test
    void aLoadCancelledElsewhereExits1SayingWho() {
        server.route("POST", "/api/models/lmstudio/load", request -> {
            server.push(5, "model_loading_cancelled", event(5, "model_loading_cancelled", "op-9", "qwen3-32b",
                    "cancelled", "{}").replace("\"cause\":\"cli\"", "\"cause\":\"user\""));
            return new FakeLmdeck.Response(202, ACCEPTED);
        });
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b")).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).isEqualTo("lmdeck: the load of qwen3-32b was cancelled from the web UI\n");
    }

    @Test
    void aLoadSupersededByANewerPickSaysWhichModelWon() {
        server.route("POST", "/api/models/lmstudio/load", request -> {
            server.push(5, "model_loading_cancelled", event(5, "model_loading_cancelled", "op-9", "qwen3-32b",
                    "LM Studio: Loading Qwen3 32B cancelled", "{\"superseded_by\":\"llama-3.2-1b-instruct\"}"));
            return new FakeLmdeck.Response(202, ACCEPTED);
        });
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b")).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).isEqualTo(
                "lmdeck: the load of qwen3-32b was cancelled: llama-3.2-1b-instruct was picked after it\n");
    }

    @Test
    void afterAResyncTheOutcomeComesFromTheActivityLog() {
        server.json("GET", "/api/activity", 200, Fixtures.activity(
                event(8, "model_loading_complete", "op-9", "qwen3-32b", "LM Studio: Model Ready (Qwen3 32B, 6.2 s)",
                        "{\"duration_ms\":6200}"),
                event(3, "model_loading_progress", "op-9", "qwen3-32b", "progress", "{\"progress\":0.5}")));
        server.route("POST", "/api/models/lmstudio/load", request -> {
            server.push(2, "model_loading_started", event(2, "model_loading_started", "op-9", "qwen3-32b", "started", "{}"));
            server.pushUnnumbered("resync", "{\"reason\":\"slow_client\",\"last_event_id\":2}");
            server.pushUnnumbered("snapshot", Fixtures.STATUS.replace("\n", ""));
            return new FakeLmdeck.Response(202, ACCEPTED);
        });
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).endsWith("✓ qwen3-32b is ready, loaded in 6.2 s. It is now the active model.\n");
        assertThat(server.requests("GET", "/api/activity").get(0).pathAndQuery())
                .isEqualTo("/api/activity?limit=50&model_id=qwen3-32b");
    }

    @Test
    void anAlreadyLoadedModelExits0AtOnce() {
        server.json("POST", "/api/models/lmstudio/load", 200,
                "{\"operation_id\":null,\"model_id\":\"qwen3-8b\",\"state\":\"loaded\"}");
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "Qwen3 8B")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo("qwen3-8b is already loaded; it is now the active model.\n");
    }

    @Test
    void noWaitStartsTheLoadAndReturns() {
        server.json("POST", "/api/models/lmstudio/load", 202, ACCEPTED);
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b", "--no-wait")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(
                "Loading qwen3-32b (operation op-9). Follow it with: ./lmdeck events --follow\n");
        assertThat(server.requests("GET", "/api/events")).isEmpty();
    }

    @Test
    void anAmbiguousOrUnknownNameExits2WithoutLoadingAnything() {
        CliRun ambiguous = CliRun.against(server.url());
        assertThat(ambiguous.run("load", "qwen")).isEqualTo(ExitCode.USAGE);
        assertThat(ambiguous.err()).startsWith("lmdeck: \"qwen\" matches 2 models; say which one:\n")
                .endsWith("  qwen3-8b   (Qwen3 8B)\n  qwen3-32b  (Qwen3 32B)\n");

        CliRun unknown = CliRun.against(server.url());
        assertThat(unknown.run("load", "mistral-7b")).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("no model matches \"mistral-7b\"");
        assertThat(server.requests("POST", "/api/models/lmstudio/load")).isEmpty();
    }

    @Test
    void anEmptyCatalogueIsExplained() {
        server.json("GET", "/api/models/lmstudio", 200, "{\"online\":false,\"stale\":true,\"models\":[]}");
        CliRun offline = CliRun.against(server.url());
        assertThat(offline.run("load", "qwen")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(offline.err()).contains("lmdeck has not reached LM Studio", "so it does not know its models");

        server.json("GET", "/api/models/lmstudio", 200, "{\"online\":true,\"stale\":false,\"models\":[]}");
        CliRun none = CliRun.against(server.url());
        assertThat(none.run("load", "qwen")).isEqualTo(ExitCode.FAILED);
        assertThat(none.err()).isEqualTo("lmdeck: LM Studio has no downloaded models: get one in LM Studio"
                + " (or: lms get MODEL)\n");
    }

    @Test
    void lmStudioGoingOfflineDuringTheLoadExits3() {
        server.route("POST", "/api/models/lmstudio/load", request -> {
            server.push(5, "lmstudio_offline", "{\"id\":5,\"type\":\"lmstudio_offline\",\"at\":\"2026-11-24T07:05:00Z\","
                    + "\"model_id\":null,\"operation_id\":null,\"cause\":\"system\","
                    + "\"message\":\"LM Studio: offline (http://localhost:1234)\",\"details\":{}}");
            return new FakeLmdeck.Response(202, ACCEPTED);
        });
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err()).contains("LM Studio: offline (http://localhost:1234)", "./lmdeck load qwen3-32b again");
    }

    @Test
    void losingTheServerDuringTheLoadExits3() {
        server.route("POST", "/api/models/lmstudio/load", request -> {
            new Thread(() -> {
                await().until(() -> server.requests("POST", "/api/models/lmstudio/load").size() == 1);
                server.endStreams();
            }).start();
            return new FakeLmdeck.Response(202, ACCEPTED);
        });
        CliRun cli = CliRun.against(server.url());
        assertThat(cli.run("load", "32b")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err()).contains("lost the connection to the lmdeck server", "./lmdeck status");
    }
}
