package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.sim.engine.Instance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SdkGetOrLoadTest {
    private static final String GET_OR_LOAD = "{\"type\":\"channelCreate\",\"endpoint\":\"getOrLoad\",\"channelId\":%d,"
            + "\"creationParameter\":{\"identifier\":\"%s\",\"loadTtlMs\":120000,\"loadConfigStack\":{\"layers\":[]}}}";
    private LmStudioSimulator sim;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.1).build().start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void getOrLoadLoadsOnceThenReportsAlreadyLoaded() {
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            llm.send(String.format(GET_OR_LOAD, 0, "google/gemma-3-1b"));
            List<String> types = new ArrayList<>();
            JsonNode frame = llm.next();
            while ("channelSend".equals(frame.path("type").asText())) {
                types.add(frame.path("message").path("type").asText());
                if (types.get(types.size() - 1).equals("loadSuccess")) {
                    assertThat(frame.path("message").path("info").path("ttlMs").asLong()).isEqualTo(120000);
                }
                frame = llm.next();
            }
            assertThat(frame.path("type").asText()).isEqualTo("channelClose");
            assertThat(types.get(0)).isEqualTo("startLoading");
            assertThat(types).contains("loadProgress").endsWith("loadSuccess");

            llm.send(String.format(GET_OR_LOAD, 1, "google/gemma-3-1b"));
            JsonNode again = llm.next();
            assertThat(again.path("message").path("type").asText()).isEqualTo("alreadyLoaded");
            assertThat(llm.next().path("type").asText()).isEqualTo("channelClose");
        }
        assertThat(sim.control().instances()).hasSize(1);
    }

    @Test
    void getOrLoadEvictsTheOtherJitModel() {
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            llm.send(String.format(GET_OR_LOAD, 0, "google/gemma-3-1b"));
            JsonNode frame = llm.next();
            while (!"channelClose".equals(frame.path("type").asText())) frame = llm.next();
            llm.send(String.format(GET_OR_LOAD, 1, "qwen/qwen3-4b-2507"));
            List<String> types = new ArrayList<>();
            frame = llm.next();
            while ("channelSend".equals(frame.path("type").asText())) {
                types.add(frame.path("message").path("type").asText());
                frame = llm.next();
            }
            assertThat(types).containsSubsequence("startLoading", "unloadingOtherJITModel", "loadProgress", "loadSuccess");
        }
        assertThat(sim.control().instances()).extracting(Instance::identifier).containsExactly("qwen/qwen3-4b-2507");
    }

    @Test
    void processingStateAndUsageEstimate() {
        sim.control().loadSecondsPerGb(0.01);
        sim.control().loadExternally("google/gemma-3-1b");
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            JsonNode state = llm.call(0, "getInstanceProcessingState",
                    "{\"specifier\":{\"type\":\"query\",\"query\":{\"identifier\":\"google/gemma-3-1b\"}},\"throwIfNotFound\":true}");
            assertThat(state.path("result").path("status").asText()).isEqualTo("idle");
            assertThat(state.path("result").path("queued").isInt()).isTrue();
            JsonNode missing = llm.call(1, "getModelInfo",
                    "{\"specifier\":{\"type\":\"query\",\"query\":{\"identifier\":\"nope\"}},\"throwIfNotFound\":true}");
            assertThat(missing.path("type").asText()).isEqualTo("rpcError");
            assertThat(missing.path("error").path("displayData").path("code").asText()).isEqualTo("generic.noModelMatchingQuery");
            JsonNode estimate = llm.call(2, "estimateModelUsage", "{\"modelKey\":\"qwen/qwen3-32b\",\"loadConfigStack\":"
                    + "{\"layers\":[{\"layerName\":\"apiOverride\",\"config\":{\"fields\":[{\"key\":\"llm.load.contextLength\",\"value\":8192}]}}]}}")
                    .path("result");
            assertThat(estimate.path("passesGuardrails").asBoolean()).isTrue();
            JsonNode memory = estimate.path("memory");
            assertThat(memory.path("confidence").asText()).isEqualTo("high");
            assertThat(memory.path("totalBytes").asLong())
                    .isEqualTo(memory.path("modelBytes").asLong() + memory.path("contextBytes").asLong());
            assertThat(memory.path("modelBytes").asLong()).isEqualTo(19762149088L);
        }
    }

    @Test
    void embeddingNamespaceOnlySeesEmbeddingModels() {
        sim.control().loadSecondsPerGb(0.01);
        sim.control().loadExternally("google/gemma-3-1b");
        sim.control().loadExternally("text-embedding-bge-m3");
        try (SdkSocket embedding = SdkSocket.open(sim.websocketUrl(), "embedding")) {
            JsonNode loaded = embedding.call(0, "listLoaded", null).path("result");
            assertThat(loaded).hasSize(1);
            assertThat(loaded.get(0).path("type").asText()).isEqualTo("embedding");
            assertThat(loaded.get(0).has("vision")).isFalse();
            embedding.send("{\"type\":\"channelCreate\",\"endpoint\":\"loadModel\",\"channelId\":5,"
                    + "\"creationParameter\":{\"modelKey\":\"google/gemma-3-1b\",\"loadConfigStack\":{\"layers\":[]}}}");
            JsonNode error = embedding.next();
            assertThat(error.path("type").asText()).isEqualTo("channelError");
            assertThat(error.path("error").path("displayData").path("code").asText()).isEqualTo("generic.domainMismatch");
        }
    }

    @Test
    void otherNamespacesHandshakeButImplementNothing() {
        try (SdkSocket runtime = SdkSocket.open(sim.websocketUrl(), "runtime")) {
            JsonNode r = runtime.call(0, "surveyHardware", null);
            assertThat(r.path("type").asText()).isEqualTo("rpcError");
            assertThat(r.path("error").path("title").asText()).contains("surveyHardware");
        }
    }

    @Test
    void processingStateShowsGeneratingAndQueuedWhileChatsStream() throws Exception {
        sim.control().loadSecondsPerGb(0.01);
        sim.control().tokenDelayMillis(100);
        sim.control().loadExternally("google/gemma-3-1b",
                new io.lmdeck.lmstudio.sim.engine.LoadSettings(null, null, 1, null, null, null, null, null, null));
        SimHttp http = new SimHttp(sim.baseUrl());
        String chat = "{\"model\":\"google/gemma-3-1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}";
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            java.util.concurrent.Future<?> a = two.submit(() -> http.postLines("/v1/chat/completions", chat));
            java.util.concurrent.Future<?> b = two.submit(() -> http.postLines("/v1/chat/completions", chat));
            String query = "{\"specifier\":{\"type\":\"query\",\"query\":{\"identifier\":\"google/gemma-3-1b\"}},"
                    + "\"throwIfNotFound\":true}";
            long[] callId = {0};
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                JsonNode state = llm.call(callId[0]++, "getInstanceProcessingState", query).path("result");
                return "generating".equals(state.path("status").asText()) && state.path("queued").asInt() == 1;
            });
            a.get();
            b.get();
            JsonNode after = llm.call(callId[0]++, "getInstanceProcessingState", query).path("result");
            assertThat(after.path("status").asText()).isEqualTo("idle");
            assertThat(after.path("queued").asInt()).isZero();
        } finally {
            two.shutdownNow();
        }
    }
}
