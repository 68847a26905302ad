package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestModelsTest {
    private LmStudioSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.02).tokenDelayMillis(0).build().start();
        http = new SimHttp(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void greetingAnswersLikeLmStudio() {
        SimHttp.Reply r = http.get("/lmstudio-greeting");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("lmstudio").asBoolean()).isTrue();
    }

    @Test
    void unknownRoutesAnswer200WithAnErrorString() {
        SimHttp.Reply r = http.post("/v1/models/unload", "{\"instance_id\":\"x\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("error").asText())
                .isEqualTo("Unexpected endpoint or method. (POST /v1/models/unload)");
        assertThat(http.get("/api/v1/nothing").json().path("error").asText())
                .isEqualTo("Unexpected endpoint or method. (GET /api/v1/nothing)");
    }

    @Test
    void unknownRouteStatusIsConfigurableAndLmsStatusAnswers() {
        sim.control().unknownRouteStatus(404);
        SimHttp.Reply r = http.get("/api/v1/models/list");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("error").asText()).isEqualTo("Unexpected endpoint or method. (GET /api/v1/models/list)");
        // A deliberate 404 (unknown model) keeps its own body.
        assertThat(http.post("/api/v1/models/load", "{\"model\":\"a/b\"}").json().path("error").path("type").asText())
                .isEqualTo("model_not_found");
        assertThat(http.get("/lms-status").json().path("version").asText()).isEqualTo("0.4.24");
    }

    @Test
    void everyLoadCreatesANewInstanceWithASuffix() {
        SimHttp.Reply first = http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}");
        SimHttp.Reply second = http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("instance_id").asText()).isEqualTo("google/gemma-3-1b");
        assertThat(first.json().path("status").asText()).isEqualTo("loaded");
        assertThat(first.json().path("load_time_seconds").isNumber()).isTrue();
        assertThat(first.json().has("load_config")).isFalse();
        assertThat(second.json().path("instance_id").asText()).isEqualTo("google/gemma-3-1b:2");

        JsonNode gemma = v1Model("google/gemma-3-1b");
        assertThat(gemma.path("loaded_instances")).hasSize(2);
        assertThat(gemma.path("loaded_instances").get(1).path("id").asText()).isEqualTo("google/gemma-3-1b:2");
        List<String> v0Ids = new ArrayList<>();
        http.get("/api/v0/models").json().path("data").forEach(e -> v0Ids.add(e.path("id").asText()));
        assertThat(v0Ids).contains("google/gemma-3-1b", "google/gemma-3-1b:2");
    }

    @Test
    void loadTakesTimeProportionalToSizeAndShowsLoadingInV0() {
        sim.control().loadSecondsPerGb(0.3);
        CompletableFuture<SimHttp.Reply> load = CompletableFuture.supplyAsync(
                () -> http.post("/api/v1/models/load", "{\"model\":\"qwen/qwen3-4b-2507\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "loading".equals(http.get("/api/v0/models/qwen%2Fqwen3-4b-2507").json().path("state").asText()));
        assertThat(v1Model("qwen/qwen3-4b-2507").path("loaded_instances")).isEmpty();
        SimHttp.Reply done = load.join();
        assertThat(done.json().path("load_time_seconds").asDouble()).isBetween(0.5, 1.5);
        JsonNode v0 = http.get("/api/v0/models/qwen%2Fqwen3-4b-2507").json();
        assertThat(v0.path("state").asText()).isEqualTo("loaded");
        assertThat(v0.path("loaded_context_length").asInt()).isEqualTo(4096);
    }

    @Test
    void loadSchemaIsClosed() {
        SimHttp.Reply r = http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\",\"ttl\":300}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("unrecognized_keys");
        assertThat(r.json().path("error").path("message").asText()).isEqualTo("Unrecognized key(s) in object: 'ttl'");
        assertThat(sim.control().instances()).isEmpty();
    }

    @Test
    void badLoadBodiesGetLmStudioErrors() {
        assertThat(http.post("/api/v1/models/load", "{nope").status()).isEqualTo(400);
        SimHttp.Reply wrongType = http.post("/api/v1/models/load", "{\"model\":42}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("error").path("type").asText()).isEqualTo("invalid_request");
        SimHttp.Reply unknown = http.post("/api/v1/models/load", "{\"model\":\"totally/made-up-9000\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("type").asText()).isEqualTo("model_not_found");
        assertThat(unknown.json().path("error").path("message").asText())
                .isEqualTo("Model totally/made-up-9000 not found in downloaded models");
        assertThat(http.get("/lmstudio-greeting").status()).isEqualTo(200);
    }

    @Test
    void echoLoadConfigReturnsTheAppliedConfig() {
        JsonNode r = http.post("/api/v1/models/load",
                "{\"model\":\"openai/gpt-oss-20b\",\"context_length\":16384,\"echo_load_config\":true}").json();
        JsonNode cfg = r.path("load_config");
        assertThat(cfg.path("context_length").asInt()).isEqualTo(16384);
        assertThat(cfg.path("num_experts").asInt()).isEqualTo(4);
        assertThat(cfg.path("flash_attention").isBoolean()).isTrue();
        JsonNode embedding = http.post("/api/v1/models/load",
                "{\"model\":\"text-embedding-nomic-embed-text-v1.5\",\"echo_load_config\":true}").json();
        assertThat(embedding.path("type").asText()).isEqualTo("embedding");
        assertThat(fieldNames(embedding.path("load_config"))).containsExactly("context_length");
        JsonNode mlx = http.post("/api/v1/models/load",
                "{\"model\":\"llama-3.2-3b-instruct\",\"echo_load_config\":true}").json();
        assertThat(fieldNames(mlx.path("load_config"))).containsExactly("context_length");
    }

    @Test
    void unloadFreesOneInstanceAndUnknownIs404() {
        http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}");
        SimHttp.Reply ok = http.post("/api/v1/models/unload", "{\"instance_id\":\"google/gemma-3-1b\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("instance_id").asText()).isEqualTo("google/gemma-3-1b");
        assertThat(sim.control().instances()).isEmpty();
        SimHttp.Reply missing = http.post("/api/v1/models/unload", "{\"instance_id\":\"google/gemma-3-1b\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").path("type").asText()).isEqualTo("model_not_found");
    }

    @Test
    void v1LoadedInstancesBugCanBeToggled() {
        http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}");
        sim.control().emptyLoadedInstancesBug(true);
        assertThat(v1Model("google/gemma-3-1b").path("loaded_instances")).isEmpty();
        assertThat(http.get("/api/v0/models/google%2Fgemma-3-1b").json().path("state").asText()).isEqualTo("loaded");
        sim.control().emptyLoadedInstancesBug(false);
        assertThat(v1Model("google/gemma-3-1b").path("loaded_instances")).hasSize(1);
    }

    @Test
    void listsDependOnJit() {
        http.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}");
        assertThat(http.get("/v1/models").json().path("data").size()).isEqualTo(sim.catalog().models().size());
        assertThat(http.get("/api/v0/models").json().path("data").size()).isEqualTo(sim.catalog().models().size());
        sim.control().jit(false);
        JsonNode openAi = http.get("/v1/models").json().path("data");
        assertThat(openAi).hasSize(1);
        assertThat(openAi.get(0).path("id").asText()).isEqualTo("google/gemma-3-1b");
        assertThat(openAi.get(0).path("owned_by").asText()).isEqualTo("organization_owner");
        JsonNode v0 = http.get("/api/v0/models").json().path("data");
        assertThat(v0).hasSize(1);
        assertThat(v0.get(0).path("state").asText()).isEqualTo("loaded");
        assertThat(http.get("/api/v1/models").json().path("models").size()).isEqualTo(sim.catalog().models().size());
    }

    @Test
    void oldServerModeHasNoV1() {
        sim.control().oldServer(true);
        SimHttp.Reply r = http.get("/api/v1/models");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("error").asText()).isEqualTo("Unexpected endpoint or method. (GET /api/v1/models)");
        assertThat(http.get("/api/v0/models").json().path("data").size()).isPositive();
    }

    private JsonNode v1Model(String key) {
        for (JsonNode m : http.get("/api/v1/models").json().path("models")) {
            if (m.path("key").asText().equals(key)) return m;
        }
        throw new AssertionError("no v1 model " + key);
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
