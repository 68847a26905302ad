package io.lmdeck.server;

import static io.lmdeck.http.TestHttp.json;
import static io.lmdeck.server.RunningLmdeck.LARGE_MODEL;
import static io.lmdeck.server.RunningLmdeck.OTHER_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.SseReader;
import io.lmdeck.http.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Every model endpoint and its error paths against the real server backed by the simulator. */
class LmdeckServerModelsTest {
    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.start();
    private final TestHttp http = deck.http();

    private JsonNode status() {
        return deck.status();
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("error").get("code").asText()).isEqualTo(code);
    }

    @Test
    void catalogueAndStatusComeFromTheSimulator() {
        deck.awaitOnline();
        JsonNode catalog = json(http.get("/api/models/lmstudio"));
        assertThat(catalog.get("online").asBoolean()).isTrue();
        List<String> ids = catalog.get("models").findValuesAsText("model_id");
        assertThat(ids).contains(SMALL_MODEL, OTHER_MODEL, LARGE_MODEL);
        assertThat(status().get("base_url").asText()).isEqualTo(deck.simUrl().toString());
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void loadStreamsEventsBecomesReadyAndIsNotRepeated() {
        deck.awaitOnline();
        try (SseReader events = http.sse("/api/events")) {
            events.await("snapshot");
            HttpResponse<String> r = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String op = json(r).get("operation_id").asText();
            events.await(f -> f.event().equals("model_loading_complete"), Duration.ofSeconds(20));
            List<String> types = events.frames().stream().map(SseReader.Frame::event).filter(e -> !e.equals("snapshot"))
                    .collect(Collectors.toList());
            assertThat(types).startsWith("model_loading_started").contains("model_loading_complete");
            assertThat(data(events.frames("model_loading_started").get(0)).get("operation_id").asText()).isEqualTo(op);
        }
        deck.awaitReady(SMALL_MODEL);
        int loads = deck.sim().loadCalls();
        HttpResponse<String> again = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("state").asText()).isEqualTo("loaded");
        assertThat(deck.sim().loadCalls()).isEqualTo(loads);
    }

    @Test
    void unknownModelIs404AndNothingReachesLmStudio() {
        deck.awaitOnline();
        assertError(http.post("/api/models/lmstudio/load", "{\"model_id\":\"nobody/nothing\"}"), 404, "model_not_found");
        assertError(http.post("/api/models/lmstudio/load", "{\"model_id\":5}"), 400, "invalid_request");
        assertError(http.post("/api/models/lmstudio/load", "{\"model\":\"" + SMALL_MODEL + "\"}"), 400, "invalid_request");
        assertThat(deck.sim().loadCalls()).isZero();
    }

    @Test
    void cancelStopsARunningLoad() {
        deck.awaitOnline();
        deck.sim().loadSecondsPerGb(5.0); // about 100 s for the large model
        String op = json(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + LARGE_MODEL + "\"}")).get("operation_id").asText();
        HttpResponse<String> cancelled = http.post("/api/models/lmstudio/cancel", "{\"operation_id\":\"" + op + "\"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> json(http.get("/api/activity?type=model_loading_cancelled")).get("items").size() == 1);
        assertThat(deck.sim().instances()).isEmpty();
        assertError(http.post("/api/models/lmstudio/cancel", "{\"operation_id\":\"no-such-op\"}"), 404, "operation_not_found");
    }

    @Test
    void unloadByModelAndAll() {
        deck.awaitOnline();
        http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
        deck.awaitReady(SMALL_MODEL);
        HttpResponse<String> r = http.post("/api/models/lmstudio/unload", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().until(() -> deck.sim().instances().isEmpty());
        deck.sim().loadExternally(OTHER_MODEL);
        await().until(() -> status().get("loaded").size() == 1);
        assertThat(http.post("/api/models/lmstudio/unload", "{\"all\":true}").statusCode()).isEqualTo(200);
        await().until(() -> deck.sim().instances().isEmpty());
        assertError(http.post("/api/models/lmstudio/unload", "{\"instance_id\":\"ghost\"}"), 404, "instance_not_found");
        assertError(http.post("/api/models/lmstudio/unload", "{}"), 400, "invalid_request");
    }

    @Test
    void activityLogRecordsTheLoadAndPages() {
        deck.awaitOnline();
        http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + SMALL_MODEL + "\"}", "X-Lmdeck-Client", "ui");
        deck.awaitReady(SMALL_MODEL);
        await().until(() -> json(http.get("/api/activity?type=model_loading_complete")).get("items").size() == 1);
        JsonNode complete = json(http.get("/api/activity?type=model_loading_complete")).get("items").get(0);
        assertThat(complete.get("model_id").asText()).isEqualTo(SMALL_MODEL);
        assertThat(complete.get("message").asText()).startsWith("LM Studio: Model Ready");
        JsonNode started = json(http.get("/api/activity?type=model_loading_started&model_id=" + SMALL_MODEL)).get("items").get(0);
        assertThat(started.get("cause").asText()).isEqualTo("user");
        JsonNode page = json(http.get("/api/activity?limit=1"));
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("next_before").isNull()).isFalse();
    }

    @Test
    void offlineLmStudioIs503ForLoadsAndTheCatalogueGoesStale() {
        deck.awaitOnline();
        deck.sim().goOffline();
        await().atMost(Duration.ofSeconds(20)).until(() -> !status().get("online").asBoolean());
        JsonNode catalog = json(http.get("/api/models/lmstudio"));
        assertThat(catalog.get("online").asBoolean()).isFalse();
        assertThat(catalog.get("stale").asBoolean()).isTrue();
        assertThat(catalog.get("models").size()).isPositive();
        HttpResponse<String> r = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
        assertError(r, 503, "lmstudio_offline");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void metricsReportLoadsAndReachability() {
        deck.awaitOnline();
        http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
        deck.awaitReady(SMALL_MODEL);
        await().untilAsserted(() -> assertThat(http.get("/metrics").body())
                .contains("lmdeck_lmstudio_up 1.0")
                .contains("lmdeck_model_loads_total{outcome=\"completed\"} 1.0")
                .contains("lmdeck_model_load_duration_seconds_count{model_id=\"" + SMALL_MODEL + "\"} 1"));
    }

    private static JsonNode data(SseReader.Frame frame) {
        try {
            return TestHttp.JSON.readTree(frame.data());
        } catch (Exception e) {
            throw new AssertionError(frame.data(), e);
        }
    }
}
