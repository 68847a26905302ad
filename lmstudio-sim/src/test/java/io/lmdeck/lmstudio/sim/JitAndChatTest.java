package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.sim.engine.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JitAndChatTest {
    private final MutableClock clock = new MutableClock();
    private LmStudioSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.1).tokenDelayMillis(0).clock(clock).build().start();
        http = new SimHttp(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void v1ChatStreamsModelLoadEventsWhenItLoads() throws Exception {
        List<String> lines = http.postLines("/api/v1/chat",
                "{\"model\":\"qwen/qwen3-4b-2507\",\"input\":\"Hello\",\"stream\":true}");
        List<String> events = lines.stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7))
                .collect(Collectors.toList());
        List<JsonNode> data = new ArrayList<>();
        for (String l : lines) if (l.startsWith("data: ")) data.add(SimHttp.JSON.readTree(l.substring(6)));
        assertThat(events.get(0)).isEqualTo("chat.start");
        assertThat(events.get(1)).isEqualTo("model_load.start");
        assertThat(events).containsSubsequence("model_load.start", "model_load.progress", "model_load.end",
                "prompt_processing.start", "message.start", "message.delta", "message.end", "chat.end");
        List<Double> progress = new ArrayList<>();
        for (JsonNode d : data) {
            String type = d.path("type").asText();
            if (type.equals("model_load.start")) GoldenShape.assertMatches("v1-chat-model-load-start.json", d);
            if (type.equals("model_load.end")) GoldenShape.assertMatches("v1-chat-model-load-end.json", d);
            if (type.equals("model_load.progress")) {
                GoldenShape.assertMatches("v1-chat-model-load-progress.json", d);
                progress.add(d.path("progress").asDouble());
            }
        }
        assertThat(progress).hasSizeGreaterThan(3).isSorted().doesNotHaveDuplicates();
        JsonNode end = data.get(data.size() - 1);
        assertThat(end.path("result").path("model_instance_id").asText()).isEqualTo("qwen/qwen3-4b-2507");
        assertThat(end.path("result").path("stats").path("model_load_time_seconds").isNumber()).isTrue();

        JsonNode second = http.post("/api/v1/chat", "{\"model\":\"qwen/qwen3-4b-2507\",\"input\":\"Again\"}").json();
        assertThat(second.path("output").get(0).path("type").asText()).isEqualTo("message");
        assertThat(second.path("stats").has("model_load_time_seconds")).isFalse();
        assertThat(second.path("response_id").asText()).startsWith("resp_");
        assertThat(sim.control().instances()).hasSize(1);
    }

    @Test
    void v1ChatStreamReportsAFailedLoadAsAnErrorEvent() throws Exception {
        sim.control().injectFailure("qwen/qwen3-4b-2507", io.lmdeck.lmstudio.sim.engine.FailureMode.ENGINE_CRASH);
        List<String> lines = http.postLines("/api/v1/chat",
                "{\"model\":\"qwen/qwen3-4b-2507\",\"input\":\"Hello\",\"stream\":true}");
        List<String> events = lines.stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7))
                .collect(Collectors.toList());
        assertThat(events).startsWith("chat.start", "model_load.start").endsWith("error").doesNotContain("chat.end");
        String last = lines.stream().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow();
        JsonNode error = SimHttp.JSON.readTree(last.substring(6));
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("model_load_failed");
        assertThat(sim.control().instances()).isEmpty();
    }

    @Test
    void v1ChatRejectsUnknownKeysAndUnknownModels() {
        SimHttp.Reply ttl = http.post("/api/v1/chat", "{\"model\":\"qwen/qwen3-4b-2507\",\"input\":\"x\",\"ttl\":5}");
        assertThat(ttl.status()).isEqualTo(400);
        assertThat(ttl.json().path("error").path("code").asText()).isEqualTo("unrecognized_keys");
        SimHttp.Reply unknown = http.post("/api/v1/chat", "{\"model\":\"nope/none\",\"input\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("type").asText()).isEqualTo("model_not_found");
    }

    @Test
    void jitLoadsGetATtlAndExpireWhenIdle() {
        chat("google/gemma-3-1b", ",\"ttl\":10");
        chat("google/gemma-3-1b", "");
        Instance jit = sim.control().instances().get(0);
        assertThat(jit.ttlMs()).isEqualTo(10_000L);
        assertThat(jit.lastUsedTime()).isEqualTo(clock.millis());
        http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-4b-2507\"}");
        clock.advance(Duration.ofSeconds(9));
        sim.control().expireIdleInstances();
        assertThat(sim.control().instances()).hasSize(2);
        clock.advance(Duration.ofSeconds(2));
        sim.control().expireIdleInstances();
        assertThat(sim.control().instances()).extracting(Instance::identifier).containsExactly("qwen/qwen3-4b-2507");
    }

    @Test
    void defaultJitTtlIsAnHour() {
        chat("google/gemma-3-1b", "");
        assertThat(sim.control().instances().get(0).ttlMs()).isEqualTo(3_600_000L);
        clock.advance(Duration.ofMinutes(61));
        sim.control().expireIdleInstances();
        assertThat(sim.control().instances()).isEmpty();
    }

    @Test
    void autoEvictUnloadsOnlyOtherJitLoadedModels() {
        http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-4b-2507\"}");
        chat("google/gemma-3-1b", "");
        chat("llama-3.2-3b-instruct", "");
        assertThat(sim.control().instances()).extracting(Instance::identifier)
                .containsExactlyInAnyOrder("qwen/qwen3-4b-2507", "llama-3.2-3b-instruct");
    }

    @Test
    void concurrentFirstRequestsLoadDuplicatesLikeLmStudio() {
        sim.control().loadSecondsPerGb(0.5);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> chat("google/gemma-3-1b", ""), two);
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> chat("google/gemma-3-1b", ""), two);
            a.join();
            b.join();
        } finally {
            two.shutdownNow();
        }
        assertThat(sim.control().instances()).extracting(Instance::identifier)
                .containsExactlyInAnyOrder("google/gemma-3-1b", "google/gemma-3-1b:2");
    }

    @Test
    void embeddingsAreDeterministicUnitVectors() {
        String body = "{\"model\":\"text-embedding-nomic-embed-text-v1.5\",\"input\":[\"a\",\"b\"]}";
        JsonNode first = http.post("/v1/embeddings", body).json();
        JsonNode second = http.post("/v1/embeddings", body).json();
        assertThat(first.path("data")).hasSize(2);
        JsonNode vector = first.path("data").get(0).path("embedding");
        assertThat(vector.size()).isEqualTo(768);
        double norm = 0;
        for (JsonNode v : vector) norm += v.asDouble() * v.asDouble();
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(first.path("data").get(0)).isEqualTo(second.path("data").get(0));
        assertThat(first.path("model").asText()).isEqualTo("text-embedding-nomic-embed-text-v1.5@q4_k_m");
        SimHttp.Reply llm = http.post("/v1/embeddings", "{\"model\":\"google/gemma-3-1b\",\"input\":\"a\"}");
        assertThat(llm.status()).isEqualTo(400);
        SimHttp.Reply missing = http.post("/v1/embeddings", "{\"model\":\"text-embedding-bge-m3\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").path("param").asText()).isEqualTo("input");
    }

    private void chat(String model, String extra) {
        SimHttp.Reply r = http.post("/v1/chat/completions", "{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
