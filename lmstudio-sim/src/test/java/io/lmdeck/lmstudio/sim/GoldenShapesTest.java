package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the simulator serves, compared field by field with the documented examples under src/test/resources/golden. */
class GoldenShapesTest {
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

    @Test
    void v1ModelListWithLoadedAndUnloadedModels() {
        http.post("/api/v1/models/load", "{\"model\":\"openai/gpt-oss-20b\"}");
        http.post("/api/v1/models/load", "{\"model\":\"text-embedding-nomic-embed-text-v1.5\"}");
        GoldenShape.assertMatches("v1-models.json", http.get("/api/v1/models").json(),
                "reasoning", "variants", "selected_variant", "num_experts");
    }

    @Test
    void v1LoadUnloadAndErrors() {
        JsonNode load = http.post("/api/v1/models/load",
                "{\"model\":\"openai/gpt-oss-20b\",\"context_length\":16384,\"echo_load_config\":true}").json();
        GoldenShape.assertMatches("v1-load.json", load);
        GoldenShape.assertMatches("v1-load.json",
                http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-8b\"}").json(), "load_config", "num_experts");
        GoldenShape.assertMatches("v1-unload.json",
                http.post("/api/v1/models/unload", "{\"instance_id\":\"openai/gpt-oss-20b\"}").json());
        GoldenShape.assertMatches("v1-load-not-found.json",
                http.post("/api/v1/models/load", "{\"model\":\"totally/made-up-9000\"}").json());
    }

    @Test
    void v1Downloads() {
        GoldenShape.assertMatches("v1-download-already.json",
                http.post("/api/v1/models/download", "{\"model\":\"qwen/qwen3-8b\"}").json());
        sim.control().loadSecondsPerGb(100);
        JsonNode job = http.post("/api/v1/models/download", "{\"model\":\"lmstudio-community/foo-7b-GGUF\"}").json();
        assertThat(job.path("status").asText()).isEqualTo("downloading");
        assertThat(job.path("job_id").asText()).startsWith("job_");
        // The status resource carries more (downloaded_bytes, speed, ETA) than the creation answer.
        JsonNode status = http.get("/api/v1/models/download/status/" + job.path("job_id").asText()).json();
        assertThat(status.path("job_id").asText()).isEqualTo(job.path("job_id").asText());
        assertThat(status.path("bytes_per_second").isIntegralNumber()).isTrue();
        assertThat(status.path("estimated_completion").isTextual()).isTrue();
        assertThat(status.path("downloaded_bytes").isIntegralNumber()).isTrue();
    }

    @Test
    void v0ModelListAndChat() {
        http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-8b\"}");
        GoldenShape.assertMatches("v0-models.json", http.get("/api/v0/models").json(), "capabilities");
        JsonNode chat = http.post("/api/v0/chat/completions",
                "{\"model\":\"qwen/qwen3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").json();
        GoldenShape.assertMatches("v0-chat-completion.json", withoutFingerprint(chat));
    }

    @Test
    void openAiShapes() {
        GoldenShape.assertMatches("openai-models.json", http.get("/v1/models").json());
        List<String> data = http.postLines("/v1/chat/completions",
                        "{\"model\":\"google/gemma-3-1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}")
                .stream().filter(l -> l.startsWith("data: {")).map(l -> l.substring(6)).collect(Collectors.toList());
        GoldenShape.assertMatches("openai-chat-chunk.json", withoutFingerprint(SimHttp.JSON.valueToTree(parse(data.get(0)))));
        GoldenShape.assertMatches("openai-invalid-model.json", http.post("/v1/chat/completions",
                "{\"model\":\"X\",\"messages\":[]}").json());
    }

    @Test
    void sdkModelInfoPayloads() {
        sim.control().loadExternally("qwen/qwen3-8b");
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            GoldenShape.assertMatches("sdk-model-instance-info.json", llm.call(0, "listLoaded", null).path("result").get(0));
        }
        try (SdkSocket system = SdkSocket.open(sim.websocketUrl(), "system")) {
            JsonNode all = system.call(0, "listDownloadedModels", null).path("result");
            GoldenShape.assertMatches("sdk-model-info-embedding.json",
                    SdkWebsocketTest.find(all, "modelKey", "text-embedding-nomic-embed-text-v1.5"));
        }
    }

    private static JsonNode parse(String json) {
        try {
            return SimHttp.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** OpenAI's optional system_fingerprint is not in LM Studio's documented examples. */
    private static JsonNode withoutFingerprint(JsonNode n) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("system_fingerprint");
        return n;
    }
}
