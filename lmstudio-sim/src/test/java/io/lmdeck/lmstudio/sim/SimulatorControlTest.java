package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorControlTest {
    private LmStudioSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.02).build().start();
        http = new SimHttp(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void guardrailRefusalIsAnErrorWithLmStudiosWording() {
        sim.control().injectFailure("qwen/qwen3-8b", FailureMode.INSUFFICIENT_MEMORY);
        SimHttp.Reply r = http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-8b\"}");
        assertThat(r.status()).isBetween(400, 599);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("model_load_failed");
        assertThat(r.json().path("error").path("message").asText()).startsWith(
                "Model loading was stopped due to insufficient system resources. Under the current settings, "
                        + "this model requires approximately ");
        assertThat(sim.control().instances()).isEmpty();
        assertThat(sim.control().loadCalls()).isEqualTo(1);
    }

    @Test
    void anInProcessObserverSeesEachFinishedLoadBeforeTheCallerIsAnswered() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Runnable stop = sim.control().onInstanceLoaded(instance -> seen.add(instance.modelKey() + " listed="
                + sim.control().instances().stream().anyMatch(i -> i.identifier().equals(instance.identifier()))));

        SimHttp.Reply first = http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(seen).containsExactly("google/gemma-3-1b listed=true"); // already there when the answer came
        stop.run();
        http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-8b\"}");
        assertThat(seen).hasSize(1);
    }

    @Test
    void memoryBudgetRefusesWhatDoesNotFit() {
        sim.control().memoryBudgetBytes(10_000_000_000L);
        assertThat(http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-8b\"}").status()).isEqualTo(200);
        SimHttp.Reply second = http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-8b\"}");
        assertThat(second.json().path("error").path("message").asText()).contains("insufficient system resources");
        assertThat(sim.control().instances()).hasSize(1);
    }

    @Test
    void engineCrashIsModelLoadFailed() {
        sim.control().injectFailure("google/gemma-3-1b", FailureMode.ENGINE_CRASH);
        SimHttp.Reply r = http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("model_load_failed");
        assertThat(sim.control().instances()).isEmpty();
        sim.control().clearFailure("google/gemma-3-1b");
        assertThat(http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}").status()).isEqualTo(200);
    }

    @Test
    void hangStopsAt99Point9PercentUntilCancelled() {
        sim.control().injectFailure("google/gemma-3-1b", FailureMode.HANG);
        var handle = sim.control().startExternalLoad("google/gemma-3-1b",
                io.lmdeck.lmstudio.sim.engine.LoadSettings.defaults());
        await().atMost(Duration.ofSeconds(5)).until(() ->
                sim.control().loading().get(0).progress() >= 0.999);
        assertThat(sim.control().loading().get(0).progress()).isEqualTo(0.999);
        assertThat(handle.result()).isNotDone();
        handle.cancel();
        assertThat(sim.control().loading()).isEmpty();
        assertThat(sim.control().instances()).isEmpty();
    }

    @Test
    void externalLoadAndUnloadAreVisibleToClients() {
        var instance = sim.control().loadExternally("google/gemma-3-12b");
        assertThat(instance.identifier()).isEqualTo("google/gemma-3-12b");
        assertThat(http.get("/api/v0/models/google%2Fgemma-3-12b").json().path("state").asText()).isEqualTo("loaded");
        assertThat(sim.control().unloadExternally("google/gemma-3-12b")).isTrue();
        assertThat(http.get("/api/v0/models/google%2Fgemma-3-12b").json().path("state").asText())
                .isEqualTo("not-loaded");
    }

    @Test
    void offlineReallyRefusesConnectionsAndComesBackOnTheSamePort() {
        int port = sim.port();
        sim.control().goOffline();
        assertThatThrownBy(() -> http.get("/lmstudio-greeting"))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
        sim.control().goOnline();
        assertThat(sim.port()).isEqualTo(port);
        assertThat(http.get("/lmstudio-greeting").status()).isEqualTo(200);
    }

    @Test
    void goingOfflineDuringABlockingLoadDropsTheRequestQuicklyButTheLoadFinishes() {
        sim.control().loadSecondsPerGb(0.5);
        CompletableFuture<SimHttp.Reply> load = CompletableFuture.supplyAsync(
                () -> http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-4b-2507\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().loading().size() == 1);
        long start = System.nanoTime();
        sim.control().goOffline();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(load).failsWithin(Duration.ofSeconds(5));
        sim.control().goOnline();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().instances().size() == 1);
    }

    @Test
    void offlineForADurationComesBackByItself() {
        sim.control().goOffline(Duration.ofMillis(500));
        assertThat(sim.control().online()).isFalse();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> http.get("/lmstudio-greeting").status() == 200);
    }

    @Test
    void controlRoutesOverHttp() {
        JsonNode state = http.post("/_sim/failures", "{\"model\":\"google/gemma-3-1b\",\"mode\":\"engine_crash\"}").json();
        assertThat(state.path("failures").path("google/gemma-3-1b").asText()).isEqualTo("engine_crash");
        http.post("/_sim/failures/clear", "");
        JsonNode loaded = http.post("/_sim/load", "{\"model\":\"google/gemma-3-1b\"}").json();
        assertThat(loaded.path("identifier").asText()).isEqualTo("google/gemma-3-1b");
        JsonNode settings = http.post("/_sim/settings", "{\"jit\":false,\"load_seconds_per_gb\":0.5}").json();
        assertThat(settings.path("jit").asBoolean()).isFalse();
        assertThat(sim.control().engine().settings().loadSecondsPerGb()).isEqualTo(0.5);
        assertThat(http.post("/_sim/unload", "{\"instance_id\":\"google/gemma-3-1b\"}").json()
                .path("instances")).isEmpty();
        assertThat(http.post("/_sim/settings", "{\"jit\":\"yes\"}").status()).isEqualTo(400);
        assertThat(http.post("/_sim/offline", "{\"seconds\":0.5}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sim.control().online());
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> http.get("/lmstudio-greeting").status() == 200);
    }

    @Test
    void aContextLengthLimitMakesALoadGetLessContextThanAskedAndSayIt() {
        JsonNode settings = http.post("/_sim/settings", "{\"context_length_limit\":2048}").json();
        assertThat(settings.path("context_length_limit").asInt()).isEqualTo(2048);
        JsonNode loaded = http.post("/api/v1/models/load",
                "{\"model\":\"google/gemma-3-1b\",\"context_length\":8192,\"echo_load_config\":true}").json();
        assertThat(loaded.path("load_config").path("context_length").asInt()).as(loaded.toString()).isEqualTo(2048);
        assertThat(sim.control().instances()).singleElement()
                .satisfies(i -> assertThat(i.contextLength()).isEqualTo(2048));

        assertThat(http.post("/_sim/settings", "{\"context_length_limit\":null}").json()
                .path("context_length_limit").isNull()).isTrue();
        assertThat(http.post("/_sim/settings", "{\"context_length_limit\":0}").status()).isEqualTo(400);
    }

    @Test
    void loadsRunningWhileTheClientWaitsCanBeCounted() {
        sim.control().loadSecondsPerGb(0.5);
        CompletableFuture<SimHttp.Reply> load = CompletableFuture.supplyAsync(
                () -> http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().loading().size() == 1);
        assertThat(sim.control().loadCalls()).isEqualTo(1);
        assertThat(load.join().status()).isEqualTo(200);
    }

    @Test
    void aFailureCanBeInjectedForTheNextLoadsOnly() {
        sim.control().injectFailure("google/gemma-3-1b", FailureMode.ENGINE_CRASH, 2);
        assertThat(http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}").status()).isEqualTo(500);
        assertThat(http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}").status()).isEqualTo(500);
        assertThat(http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}").status()).isEqualTo(200);
        assertThat(sim.control().failures()).isEmpty();
        JsonNode once = http.post("/_sim/failures", "{\"model\":\"google/gemma-3-1b\",\"mode\":\"hang\",\"times\":1}").json();
        assertThat(once.path("failures").path("google/gemma-3-1b").asText()).isEqualTo("hang");
        assertThat(http.post("/_sim/failures", "{\"model\":\"google/gemma-3-1b\",\"mode\":\"hang\",\"times\":0}")
                .status()).isEqualTo(400);
    }

    @Test
    void theMostCopiesOfOneModelAtOnceAreRecordedAsTheyAppear() {
        String first = sim.control().loadExternally("google/gemma-3-1b").identifier();
        sim.control().loadExternally("google/gemma-3-1b");
        sim.control().loadExternally("qwen/qwen3-4b-2507");
        sim.control().unloadExternally(first);

        assertThat(sim.control().maxInstancesOfOneModel()).isEqualTo(2);
        sim.control().resetHighWaterMarks();
        assertThat(sim.control().maxInstancesOfOneModel()).as("what is loaded now still counts").isEqualTo(1);
        sim.control().reset();
        assertThat(sim.control().maxInstancesOfOneModel()).isZero();
        assertThat(sim.control().maxConcurrentLoads()).isZero();
    }

    @Test
    void resetRestoresTheStartState() {
        sim.control().loadExternally("google/gemma-3-1b");
        sim.control().injectFailure("qwen/qwen3-8b", FailureMode.HANG);
        sim.control().startExternalLoad("qwen/qwen3-8b", io.lmdeck.lmstudio.sim.engine.LoadSettings.defaults());
        sim.control().jit(false);
        sim.control().oldServer(true);
        sim.control().goOffline();
        sim.control().reset();
        assertThat(sim.control().online()).isTrue();
        assertThat(sim.control().instances()).isEmpty();
        assertThat(sim.control().loading()).isEmpty();
        assertThat(sim.control().failures()).isEmpty();
        assertThat(sim.control().engine().settings().jit()).isTrue();
        assertThat(http.get("/api/v1/models").json().has("models")).isTrue();
        assertThat(http.post("/_sim/reset", "").json().path("instances")).isEmpty();
    }
}
