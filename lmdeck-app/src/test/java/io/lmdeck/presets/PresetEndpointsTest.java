package io.lmdeck.presets;

import static io.lmdeck.http.TestHttp.json;
import static io.lmdeck.server.RunningLmdeck.LARGE_MODEL;
import static io.lmdeck.server.RunningLmdeck.OTHER_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.server.RunningLmdeck;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code /api/presets} against the real server backed by the simulator, and loads that use the presets. */
class PresetEndpointsTest {
    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.start().awaitOnline();
    private final TestHttp http = deck.http();

    private HttpResponse<String> put(String path, String body, String... headers) {
        return http.send(http.builder(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> delete(String path) {
        return http.send(http.builder(path).DELETE().build());
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(json(r).path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void a_preset_is_stored_whole_and_read_back_by_plain_or_encoded_path() {
        HttpResponse<String> stored = put("/api/presets/" + SMALL_MODEL,
                "{\"context_length\":8192,\"gpu_offload\":\"max\",\"parallel\":2,\"ttl_seconds\":600,\"pinned\":true,"
                        + "\"aliases\":[\"tiny\",\"fast\"]}");
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);

        for (String path : List.of("/api/presets/google/gemma-3-1b", "/api/presets/google%2Fgemma-3-1b")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            JsonNode preset = json(r);
            assertThat(preset.get("model_id").asText()).isEqualTo(SMALL_MODEL);
            assertThat(preset.get("context_length").asInt()).isEqualTo(8192);
            assertThat(preset.get("gpu_offload").asText()).isEqualTo("max");
            assertThat(preset.get("parallel").asInt()).isEqualTo(2);
            assertThat(preset.get("ttl_seconds").asInt()).isEqualTo(600);
            assertThat(preset.get("pinned").asBoolean()).isTrue();
            assertThat(preset.get("aliases").toString()).isEqualTo("[\"tiny\",\"fast\"]");
            assertThat(preset.get("source").asText()).isEqualTo("api");
        }

        // PUT replaces the whole preset: what it leaves out goes back to LM Studio's default.
        HttpResponse<String> replaced = put("/api/presets/google%2Fgemma-3-1b", "{\"gpu_offload\":0.5}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        JsonNode preset = json(http.get("/api/presets/" + SMALL_MODEL));
        assertThat(preset.get("gpu_offload").asDouble()).isEqualTo(0.5);
        assertThat(preset.get("context_length").isNull()).isTrue();
        assertThat(preset.get("pinned").asBoolean()).isFalse();
        assertThat(preset.get("aliases").size()).isZero();

        JsonNode list = json(http.get("/api/presets"));
        assertThat(list.get("presets").findValuesAsText("model_id")).containsExactly(SMALL_MODEL);
    }

    @Test
    void a_model_without_preset_has_the_defaults_and_delete_returns_to_them() {
        JsonNode none = json(http.get("/api/presets/" + OTHER_MODEL));
        assertThat(none.get("source").asText()).isEqualTo("default");
        assertThat(none.get("context_length").isNull()).isTrue();
        assertThat(json(http.get("/api/presets")).get("presets").size()).isZero();

        put("/api/presets/" + OTHER_MODEL, "{\"ttl_seconds\":60}");
        HttpResponse<String> deleted = delete("/api/presets/" + OTHER_MODEL);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(json(deleted).get("deleted").asBoolean()).isTrue();
        assertThat(json(deleted).get("in_effect").isNull()).isTrue();
        assertThat(json(http.get("/api/presets/" + OTHER_MODEL)).get("source").asText()).isEqualTo("default");
        assertThat(json(delete("/api/presets/" + OTHER_MODEL)).get("deleted").asBoolean()).isFalse();
    }

    @Test
    void bad_presets_are_refused_with_the_reason() {
        String path = "/api/presets/" + SMALL_MODEL;
        HttpResponse<String> unknown = put(path, "{\"context_lenght\":8192}");
        assertError(unknown, 400, "invalid_request");
        assertThat(json(unknown).path("error").path("message").asText()).contains("context_lenght");
        assertError(put(path, "{\"context_length\":0}"), 400, "invalid_request");
        assertError(put(path, "{\"gpu_offload\":1.5}"), 400, "invalid_request");
        assertError(put(path, "{\"gpu_offload\":\"all\"}"), 400, "invalid_request");
        assertError(put(path, "{\"pinned\":\"yes\"}"), 400, "invalid_request");
        assertError(put(path, "{\"aliases\":\"fast\"}"), 400, "invalid_request");
        assertError(put(path, "{\"aliases\":[\"has space\"]}"), 400, "invalid_request");
        assertError(put(path, "{\"aliases\":[\"a\",\"a\"]}"), 400, "invalid_request");
        assertError(put(path, "not json"), 400, "invalid_request");
        assertError(put("/api/presets/nobody/no-such-model", "{}"), 404, "model_not_found");
        assertError(http.get("/api/presets/nobody%2Fno-such-model"), 404, "model_not_found");
        assertThat(json(http.get("/api/presets")).get("presets").size()).as("nothing was stored").isZero();
    }

    @Test
    void an_alias_names_one_model_and_never_shadows_a_model_key() {
        assertThat(put("/api/presets/" + SMALL_MODEL, "{\"aliases\":[\"fast\"]}").statusCode()).isEqualTo(200);
        HttpResponse<String> taken = put("/api/presets/" + OTHER_MODEL, "{\"aliases\":[\"fast\"]}");
        assertError(taken, 409, "alias_conflict");
        assertThat(json(taken).path("error").path("message").asText()).contains(SMALL_MODEL);
        assertError(put("/api/presets/" + OTHER_MODEL, "{\"aliases\":[\"" + LARGE_MODEL + "\"]}"), 409, "alias_conflict");
        // The owner may keep its own alias.
        assertThat(put("/api/presets/" + SMALL_MODEL, "{\"aliases\":[\"fast\",\"tiny\"]}").statusCode()).isEqualTo(200);
        // Freed by a delete, it can move.
        delete("/api/presets/" + SMALL_MODEL);
        assertThat(put("/api/presets/" + OTHER_MODEL, "{\"aliases\":[\"fast\"]}").statusCode()).isEqualTo(200);
    }

    @Test
    void a_load_uses_the_preset_unless_the_request_says_otherwise() {
        put("/api/presets/" + SMALL_MODEL,
                "{\"context_length\":8192,\"gpu_offload\":0.5,\"ttl_seconds\":600,\"aliases\":[\"tiny\"]}");
        put("/api/presets/" + OTHER_MODEL, "{\"context_length\":8192}");

        // By alias, with nothing else said: the preset's context length reaches LM Studio.
        HttpResponse<String> load = http.post("/api/models/lmstudio/load", "{\"model_id\":\"tiny\"}");
        assertThat(load.statusCode()).as(load.body()).isIn(200, 202);
        assertThat(json(load).get("model_id").asText()).isEqualTo(SMALL_MODEL);
        Instance small = loaded(SMALL_MODEL);
        assertThat(small.contextLength()).isEqualTo(8192);
        assertThat(small.offloadRatio()).isEqualTo(0.5);
        assertThat(small.ttlMs()).as("the preset's TTL is lmdeck's to apply, never handed to LM Studio").isNull();

        HttpResponse<String> explicit = http.post("/api/models/lmstudio/load",
                "{\"model_id\":\"" + OTHER_MODEL + "\",\"context_length\":2048,\"ttl_seconds\":120,\"keep_others\":true}");
        assertThat(explicit.statusCode()).as(explicit.body()).isIn(200, 202);
        assertThat(loaded(OTHER_MODEL).contextLength()).isEqualTo(2048);
        assertThat(loaded(OTHER_MODEL).ttlMs()).as("a load's own TTL still goes to LM Studio").isEqualTo(120_000L);
    }

    /** The simulator's instance of {@code modelId}, once it is loaded: what LM Studio was asked for. */
    private Instance loaded(String modelId) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> deck.sim().instances().stream().filter(i -> i.modelKey().equals(modelId)).findFirst().orElse(null),
                instance -> instance != null);
    }
}
