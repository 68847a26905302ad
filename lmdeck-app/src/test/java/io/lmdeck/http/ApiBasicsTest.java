package io.lmdeck.http;

import static io.lmdeck.http.ModelEndpointsTest.assertError;
import static io.lmdeck.http.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Health, activity paging, metrics, and the error envelope for what no route handles. */
class ApiBasicsTest {
    @AutoClose
    private final FakeBackedApi server = new FakeBackedApi();
    private final TestHttp http = server.http;

    @Test
    void healthz() {
        HttpResponse<String> r = http.get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
        server.lifecycle.setOnline(false);
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsGetJsonNeverHtml() {
        assertError(http.get("/api/nope"), 404, "not_found");
        assertError(http.get("/nope.html", "Accept", "text/html"), 404, "not_found");
        assertError(http.get("/api/models/lmstudio/load"), 405, "method_not_allowed");
        assertError(http.send(http.builder("/api/models/lmstudio").DELETE().build()), 405, "method_not_allowed");
    }

    @Test
    void activityIsNewestFirstAndKeysetPaged() {
        for (int i = 0; i < 7; i++) {
            server.lifecycle.publishExternal("m" + (i % 2));
        }
        JsonNode page1 = json(http.get("/api/activity?limit=3"));
        assertThat(page1.get("items")).extracting(n -> n.get("id").asLong()).containsExactly(7L, 6L, 5L);
        long next = page1.get("next_before").asLong();
        JsonNode page2 = json(http.get("/api/activity?limit=3&before=" + next));
        assertThat(page2.get("items")).extracting(n -> n.get("id").asLong()).containsExactly(4L, 3L, 2L);
        JsonNode last = json(http.get("/api/activity?limit=3&before=2"));
        assertThat(last.get("items")).hasSize(1);
        assertThat(last.get("next_before").isNull()).isTrue();

        JsonNode byModel = json(http.get("/api/activity?model_id=m1"));
        assertThat(byModel.get("items")).allSatisfy(n -> assertThat(n.get("model_id").asText()).isEqualTo("m1")).hasSize(3);
        JsonNode byType = json(http.get("/api/activity?type=model_loaded_externally"));
        assertThat(byType.get("items")).hasSize(7);
        JsonNode defaults = json(http.get("/api/activity"));
        assertThat(defaults.get("items")).hasSize(7);
    }

    @Test
    void activityRejectsBadParameters() {
        assertError(http.get("/api/activity?limit=0"), 400, "invalid_request");
        assertError(http.get("/api/activity?limit=501"), 400, "invalid_request");
        assertError(http.get("/api/activity?limit=ten"), 400, "invalid_request");
        assertError(http.get("/api/activity?before=-1"), 400, "invalid_request");
        assertError(http.get("/api/activity?type=model_exploded"), 400, "invalid_request");
        assertError(http.get("/api/activity?limt=5"), 400, "invalid_request");
        assertThat(http.get("/api/activity?limit=500").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsArePrometheusText() {
        server.activate(io.lmdeck.http.fakes.FakeLifecycle.QWEN);
        server.lifecycle.load(io.lmdeck.lifecycle.LoadRequest.of(io.lmdeck.http.fakes.FakeLifecycle.LLAMA, io.lmdeck.events.Cause.API));
        server.lifecycle.failLoad("insufficient_memory");
        try (SseReader events = http.sse("/api/events")) {
            events.await("snapshot");
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                HttpResponse<String> r = http.get("/metrics");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
                assertThat(r.body())
                        .contains("lmdeck_lmstudio_up 1.0")
                        .contains("lmdeck_sse_clients 1.0")
                        .contains("lmdeck_model_load_duration_seconds_count{model_id=\"qwen/qwen3-4b\"} 1")
                        .contains("lmdeck_model_load_failures_total{reason=\"insufficient_memory\"} 1.0")
                        .contains("lmdeck_model_loads_total{outcome=\"completed\"} 1.0");
            });
        }
        server.lifecycle.setOnline(false);
        assertThat(http.get("/metrics").body()).contains("lmdeck_lmstudio_up 0.0");
    }

    @Test
    void malformedJsonIsAPlain400WithoutTheParsersNames() {
        HttpResponse<String> r = http.post("/api/models/lmstudio/load", "[".repeat(5000) + "]".repeat(5000));
        assertError(r, 400, "invalid_request");
        assertThat(json(r).path("error").path("message").asText())
                .isEqualTo("Request body is refused: document nesting depth (1001) exceeds the maximum allowed (1000)");

        HttpResponse<String> trailing = http.post("/api/models/lmstudio/unload", "{\"all\":true} {\"all\":true}");
        assertThat(json(trailing).path("error").path("message").asText())
                .isEqualTo("Request body is not valid JSON: there is more after the JSON value (line 1, column 14)");
        HttpResponse<String> unclosed = http.post("/api/models/lmstudio/unload", "{\"all\":true");
        assertThat(json(unclosed).path("error").path("message").asText())
                .startsWith("Request body is not valid JSON: Unexpected end-of-input").doesNotContain("`", "Source");
    }

    @Test
    void headRequestsAndGetsWithBodiesAreHarmless() {
        HttpResponse<String> head = http.send(http.builder("/healthz").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
    }

    @Test
    void requestsJettyRejectsStillGetTheJsonEnvelope() {
        int port = server.api.port();
        String badEncoding = TestHttp.raw(port, "GET /api/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(badEncoding).startsWith("HTTP/1.1 400").contains("\"error\"").doesNotContain("<html");
        String hugeHeader = TestHttp.raw(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("\"error\"").doesNotContain("<html");
        String noHost = TestHttp.raw(port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(noHost).startsWith("HTTP/1.1 400").contains("\"error\"").doesNotContain("<html");
    }
}
