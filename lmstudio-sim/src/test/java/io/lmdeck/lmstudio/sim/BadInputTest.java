package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every POST route, fed garbage, answers a JSON error in LM Studio's shape and the server keeps serving. */
class BadInputTest {
    private static final String[] ROUTES = {"/api/v1/models/load", "/api/v1/models/unload", "/api/v1/models/download",
        "/api/v1/chat", "/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/api/v0/chat/completions",
        "/api/v0/completions", "/api/v0/embeddings", "/_sim/failures", "/_sim/load", "/_sim/unload", "/_sim/settings"};
    private static final String[] BODIES = {"", "{", "not json", "[]", "\"text\"", "42", "null", "{\"model\":null}",
        "{\"model\":[1,2]}", "{\"model\":{\"a\":1}}", "{\"model\":\"google/gemma-3-1b\",\"context_length\":-5}",
        "{\"model\":\"google/gemma-3-1b\",\"context_length\":1e400}", "{\"model\":\"google/gemma-3-1b\",\"context_length\":\"big\"}",
        "{\"model\":\"google/gemma-3-1b\",\"messages\":\"hi\"}", "{\"model\":\"google/gemma-3-1b\",\"input\":42}",
        "{\"instance_id\":7}", "{\"model\":\"google/gemma-3-1b\",\"mode\":\"explode\"}", "{\"load_seconds_per_gb\":-1}",
        "{\"memory_budget_bytes\":0}", "{\"model\":\"\\u0000\"}"};

    private LmStudioSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.001).tokenDelayMillis(0).build().start();
        http = new SimHttp(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void garbageBodiesGetJsonErrorsNeverA500() {
        for (String route : ROUTES) {
            for (String body : BODIES) {
                SimHttp.Reply r = http.post(route, body);
                String what = "POST " + route + " " + body + " -> " + r.status() + " " + r.body();
                assertThat(r.status()).as(what).isIn(200, 202, 400, 404);
                JsonNode json = r.json();
                if (r.status() >= 400) {
                    assertThat(json.has("error")).as(what).isTrue();
                    assertThat(json.path("error").path("message").isTextual()).as(what).isTrue();
                }
                assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("at io.");
            }
        }
        assertThat(http.get("/lmstudio-greeting").status()).isEqualTo(200);
    }
}
