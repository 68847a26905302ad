package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.RequestCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the simulator counts so gateway tests can assert it never happened: JIT loads, in-flight requests, busy unloads. */
class RequestCountersTest {
    private static final String MODEL = "google/gemma-3-1b";
    private static final String OTHER = "qwen/qwen3-4b-2507";
    private LmStudioSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.01).tokenDelayMillis(0).build().start();
        http = new SimHttp(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":" + stream + "}";
    }

    /** Each streaming endpoint with a body asking for MODEL. */
    static Stream<Arguments> streamingEndpoints() {
        return Stream.of(
                Arguments.of("/v1/chat/completions", chat(MODEL, true)),
                Arguments.of("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\",\"stream\":true}"),
                Arguments.of("/v1/responses", "{\"model\":\"" + MODEL + "\",\"input\":\"Hello\",\"stream\":true}"),
                Arguments.of("/v1/messages", "{\"model\":\"" + MODEL + "\",\"max_tokens\":100,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));
    }

    @Test
    void onlyLoadsCausedByInferenceCountAsJit() {
        sim.control().loadExternally(OTHER);
        assertThat(http.post("/v1/chat/completions", chat(OTHER, false)).status()).isEqualTo(200);
        assertThat(sim.control().jitLoads()).isZero();
        assertThat(http.post("/v1/chat/completions", chat(MODEL, false)).status()).isEqualTo(200);
        assertThat(http.post("/v1/chat/completions", chat(MODEL, false)).status()).isEqualTo(200);
        assertThat(sim.control().jitLoads()).isEqualTo(1);
        assertThat(sim.control().instances()).extracting(Instance::identifier).containsExactlyInAnyOrder(OTHER, MODEL);
    }

    @Test
    void theControlRoutesShowAndResetTheCounters() {
        assertThat(http.post("/v1/chat/completions", chat(MODEL, false)).status()).isEqualTo(200);
        sim.control().loadExternally(OTHER);
        sim.control().tokenDelayMillis(100);
        try (RawStream s = new RawStream(sim.baseUrl(), "/v1/chat/completions", chat(OTHER, true))) {
            assertThat(s.awaitLine("data: ")).isNotNull();
            JsonNode state = http.get("/_sim/state").json();
            assertThat(state.path("jit_loads").asInt()).isEqualTo(1);
            assertThat(state.path("in_flight").path(OTHER).path("current").asInt()).isEqualTo(1);
            assertThat(state.path("in_flight").path(MODEL).path("high_water").asInt()).isEqualTo(1);
            sim.control().unloadExternally(OTHER);
        }
        JsonNode state = http.get("/_sim/state").json();
        assertThat(state.path("busy_unloads").get(0).path("identifier").asText()).isEqualTo(OTHER);
        JsonNode reset = http.post("/_sim/counters/reset", "").json();
        assertThat(reset.path("jit_loads").asInt()).isZero();
        assertThat(reset.path("busy_unloads")).isEmpty();
    }

    @Test
    void concurrentFirstRequestsForAnUnloadedModelLoadDuplicateInstances() {
        // LM Studio bug-tracker #1751: parallel first requests each JIT-load their own copy (model, model:2, ...).
        sim.control().loadSecondsPerGb(1000);
        List<CompletableFuture<SimHttp.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(CompletableFuture.supplyAsync(() -> http.post("/v1/chat/completions", chat(MODEL, false))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.control().loading().size() == 3);
        sim.control().loadSecondsPerGb(0.001);
        replies.forEach(r -> assertThat(r.join().status()).isEqualTo(200));
        assertThat(sim.control().jitLoads()).isEqualTo(3);
        assertThat(sim.control().instances()).extracting(Instance::identifier)
                .containsExactlyInAnyOrder(MODEL, MODEL + ":2", MODEL + ":3");
    }

    @Test
    void inFlightRequestsAndTheirHighWaterMarkPerInstance() {
        sim.control().loadExternally(MODEL);
        sim.control().tokenDelayMillis(50);
        List<RawStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawStream s = new RawStream(sim.baseUrl(), "/v1/chat/completions", chat(MODEL, true));
                streams.add(s);
                assertThat(s.awaitLine("data: ")).isNotNull();
            }
            assertThat(sim.control().inFlight(MODEL)).isEqualTo(3);
            sim.control().tokenDelayMillis(0);
            for (RawStream s : streams) assertThat(s.readRest()).contains("data: [DONE]");
        } finally {
            streams.forEach(RawStream::close);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().inFlight(MODEL) == 0);
        assertThat(sim.control().counters().inFlight()).containsEntry(MODEL, new RequestCounters.InFlight(0, 3));
        assertThat(sim.control().counters().highWater()).isEqualTo(3);
        assertThat(sim.control().busyUnloads()).isEmpty();
    }

    @Test
    void unloadingAnInstanceWithARequestInFlightIsCountedAndEndsTheStreamWithAnError() {
        sim.control().loadExternally(MODEL);
        sim.control().tokenDelayMillis(100);
        try (RawStream s = new RawStream(sim.baseUrl(), "/v1/chat/completions", chat(MODEL, true))) {
            assertThat(s.awaitLine("data: ")).isNotNull();
            assertThat(sim.control().unloadExternally(MODEL)).isTrue();
            assertThat(s.readRest()).contains("\"message\":\"Model unloaded.\"").doesNotContain("[DONE]");
        }
        assertThat(sim.control().busyUnloads()).containsExactly(new RequestCounters.BusyUnload(MODEL, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().inFlight(MODEL) == 0);
        // An idle unload is not counted.
        sim.control().loadExternally(OTHER);
        sim.control().unloadExternally(OTHER);
        assertThat(sim.control().busyUnloads()).hasSize(1);
        sim.control().resetCounters();
        assertThat(sim.control().busyUnloads()).isEmpty();
    }

    @Test
    void autoEvictOfABusyJitInstanceCountsAsABusyUnload() {
        sim.control().tokenDelayMillis(100);
        try (RawStream s = new RawStream(sim.baseUrl(), "/v1/messages", "{\"model\":\"" + MODEL + "\",\"max_tokens\":100,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")) {
            assertThat(s.awaitLine("event: content_block_delta")).isNotNull();
            assertThat(http.post("/v1/embeddings",
                    "{\"model\":\"text-embedding-nomic-embed-text-v1.5\",\"input\":\"x\"}").status()).isEqualTo(200);
            assertThat(s.readRest()).contains("event: error").contains("Model unloaded.");
        }
        assertThat(sim.control().jitLoads()).isEqualTo(2);
        assertThat(sim.control().busyUnloads()).containsExactly(new RequestCounters.BusyUnload(MODEL, 1));
    }

    @ParameterizedTest
    @MethodSource("streamingEndpoints")
    void streamsAreIncrementalAndAClientThatLeavesStopsGeneration(String path, String body) {
        sim.control().loadExternally(MODEL);
        // At least 12 tokens at 500 ms each: a generation that went on would stay in flight for over 5 s.
        sim.control().tokenDelayMillis(500);
        try (RawStream s = new RawStream(sim.baseUrl(), path, body)) {
            assertThat(s.awaitLine("data: ")).isNotNull();
            // The first frame arrived while the reply is still being generated: nothing is buffered to the end.
            assertThat(sim.control().inFlight(MODEL)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(4)).until(() -> sim.control().inFlight(MODEL) == 0);
        assertThat(sim.control().instances()).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo("idle"));
    }
}
