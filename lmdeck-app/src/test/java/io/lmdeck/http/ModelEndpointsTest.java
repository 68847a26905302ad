package io.lmdeck.http;

import static io.lmdeck.http.TestHttp.json;
import static io.lmdeck.http.fakes.FakeLifecycle.LLAMA;
import static io.lmdeck.http.fakes.FakeLifecycle.QWEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ModelEndpointsTest {
    @AutoClose
    private final FakeBackedApi server = new FakeBackedApi();
    private final TestHttp http = server.http;

    @Test
    void catalogueListsModelsWithContractFields() {
        HttpResponse<String> r = http.get("/api/models/lmstudio");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.get("online").asBoolean()).isTrue();
        assertThat(body.get("stale").asBoolean()).isFalse();
        JsonNode model = body.get("models").get(0);
        assertThat(model.get("model_id").asText()).isEqualTo(QWEN);
        for (String field : new String[] {"display_name", "type", "publisher", "architecture", "quantization", "params",
                "size_bytes", "max_context_length", "format", "vision", "tool_use", "state", "progress", "instances"}) {
            assertThat(model.has(field)).as(field).isTrue();
        }
        assertThat(model.get("state").asText()).isEqualTo("not_loaded");
    }

    @Test
    void statusWrapsTheLmStudioObject() {
        JsonNode s = json(http.get("/api/models/lmstudio/status")).get("lmstudio");
        assertThat(s.get("online").asBoolean()).isTrue();
        assertThat(s.get("status").asText()).isEqualTo("idle");
        assertThat(s.get("active_model").isNull()).isTrue();
        assertThat(s.get("memory").has("host_total_bytes")).isTrue();
        assertThat(s.has("checked_at")).isTrue();
        assertThat(s.get("loading").isNull()).isTrue();
    }

    @Test
    void loadAnswers202ThenJoinsThen200WhenLoaded() {
        HttpResponse<String> first = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\"}");
        assertThat(first.statusCode()).isEqualTo(202);
        JsonNode ticket = json(first);
        assertThat(ticket.get("state").asText()).isEqualTo("loading");
        assertThat(ticket.get("model_id").asText()).isEqualTo(QWEN);
        String op = ticket.get("operation_id").asText();

        HttpResponse<String> joined = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\"}");
        assertThat(joined.statusCode()).isEqualTo(202);
        assertThat(json(joined).get("operation_id").asText()).isEqualTo(op);

        server.lifecycle.completeLoad();
        HttpResponse<String> already = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\"}");
        assertThat(already.statusCode()).isEqualTo(200);
        assertThat(json(already).get("state").asText()).isEqualTo("loaded");
    }

    @Test
    void loadPassesOptionsThrough() {
        HttpResponse<String> r = http.post("/api/models/lmstudio/load",
                "{\"model_id\":\"" + LLAMA + "\",\"context_length\":8192,\"gpu_offload\":\"max\",\"ttl_seconds\":600,\"keep_others\":true}");
        assertThat(r.statusCode()).isEqualTo(202);
        HttpResponse<String> ratio = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + LLAMA + "\",\"gpu_offload\":0.5}");
        assertThat(ratio.statusCode()).isEqualTo(202);
    }

    @Test
    void unknownModelIs404FromTheLifecycleAndLoadsNothing() {
        // The owner decides (after its first look at LM Studio), not the HTTP layer on a catalogue maybe not read yet.
        HttpResponse<String> r = http.post("/api/models/lmstudio/load", "{\"model_id\":\"nope/model\"}");
        assertError(r, 404, "model_not_found");
        assertThat(json(r).get("error").get("message").asText()).contains("nope/model");
        assertThat(server.lifecycle.status().loading()).isNull();
        assertThat(server.lifecycle.status().loaded()).isEmpty();
    }

    @Test
    void malformedBodiesAre400NamingTheProblem() {
        assertError(http.post("/api/models/lmstudio/load", "{\"model_id\":"), 400, "invalid_request");
        assertError(http.post("/api/models/lmstudio/load", "[1,2]"), 400, "invalid_request");
        assertError(http.post("/api/models/lmstudio/load", ""), 400, "invalid_request");
        assertMessage(http.post("/api/models/lmstudio/load", "{}"), "model_id");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"model_id\":42}"), "model_id");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\",\"context_length\":\"big\"}"), "context_length");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\",\"context_length\":0}"), "context_length");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\",\"gpu_offload\":1.5}"), "gpu_offload");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\",\"gpu_offload\":\"most\"}"), "gpu_offload");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\",\"keep_others\":\"yes\"}"), "keep_others");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"modelid\":\"" + QWEN + "\"}"), "modelid");
        assertMessage(http.post("/api/models/lmstudio/load", "{\"model_id\":\"a\",\"model_id\":\"b\"}"), "model_id");
        assertThat(server.lifecycle.loadCalls).isEmpty();
    }

    @Test
    void loadWhileOfflineIs503WithRetryAfter() {
        server.lifecycle.setOnline(false);
        HttpResponse<String> r = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\"}");
        assertError(r, 503, "lmstudio_offline");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> unknown = http.post("/api/models/lmstudio/load", "{\"model_id\":\"nope/model\"}");
        assertError(unknown, 503, "lmstudio_offline");
    }

    @Test
    void unloadByModelInstanceOrAll() {
        server.activate(QWEN);
        HttpResponse<String> byModel = http.post("/api/models/lmstudio/unload", "{\"model_id\":\"" + QWEN + "\"}");
        assertThat(byModel.statusCode()).isEqualTo(200);
        assertThat(json(byModel).get("unloaded_instance_ids").get(0).asText()).isEqualTo(QWEN + ":1");
        assertThat(json(byModel).has("draining_instance_ids")).as("the 200 body is unchanged").isFalse();

        server.activate(LLAMA);
        HttpResponse<String> byInstance = http.post("/api/models/lmstudio/unload", "{\"instance_id\":\"" + LLAMA + ":1\"}");
        assertThat(json(byInstance).get("unloaded_instance_ids").size()).isEqualTo(1);

        server.activate(QWEN);
        HttpResponse<String> all = http.post("/api/models/lmstudio/unload", "{\"all\":true}");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all).get("unloaded_instance_ids").size()).isEqualTo(1);
    }

    @Test
    void unloadWhileRequestsRunIsAnswered202Draining() {
        server.activate(QWEN);
        server.lifecycle.leasesRemain = true;

        HttpResponse<String> r = http.post("/api/models/lmstudio/unload", "{\"model_id\":\"" + QWEN + "\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).path("state").asText()).isEqualTo("draining");
    }

    @Test
    void unloadRefusesAmbiguousOrUnknownTargets() {
        assertError(http.post("/api/models/lmstudio/unload", "{}"), 400, "invalid_request");
        assertError(http.post("/api/models/lmstudio/unload", "{\"model_id\":\"" + QWEN + "\",\"all\":true}"), 400, "invalid_request");
        assertError(http.post("/api/models/lmstudio/unload", "{\"all\":false}"), 400, "invalid_request");
        assertError(http.post("/api/models/lmstudio/unload", "{\"model_id\":\"nope/model\"}"), 404, "model_not_found");
        assertError(http.post("/api/models/lmstudio/unload", "{\"instance_id\":\"ghost:1\"}"), 404, "instance_not_found");
        // the model and instance lookups are the lifecycle's; the malformed bodies never reach it
        assertThat(server.lifecycle.unloadCalls).hasSize(2);
    }

    @Test
    void cancelStopsARunningLoadAndUnknownOperationsAre404() {
        String op = json(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\"}")).get("operation_id").asText();
        HttpResponse<String> r = http.post("/api/models/lmstudio/cancel", "{\"operation_id\":\"" + op + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("outcome").asText()).isEqualTo("cancelled");
        assertError(http.post("/api/models/lmstudio/cancel", "{\"operation_id\":\"op-999\"}"), 404, "operation_not_found");
        assertError(http.post("/api/models/lmstudio/cancel", "{}"), 400, "invalid_request");
    }

    @Test
    void causeComesFromTheClientHeader() {
        http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + QWEN + "\"}", "X-Lmdeck-Client", "cli");
        JsonNode items = json(http.get("/api/activity")).get("items");
        assertThat(items.get(0).get("cause").asText()).isEqualTo("cli");
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = json(r).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    private static void assertMessage(HttpResponse<String> r, String mentions) {
        assertError(r, 400, "invalid_request");
        assertThat(json(r).get("error").get("message").asText()).contains(mentions);
    }
}
