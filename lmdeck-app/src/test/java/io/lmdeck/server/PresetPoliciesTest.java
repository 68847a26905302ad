package io.lmdeck.server;

import static io.lmdeck.http.TestHttp.json;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.SseReader;
import io.lmdeck.http.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Presets acting on what is loaded, through the real server and the simulator (contract §7): a preset's idle TTL
 * unloads a model already loaded (lmdeck's own TTL, never LM Studio's), pins and TTLs show on the instance, the
 * context LM Studio really loaded is compared with the one asked (drift), and loads and unloads are counted in
 * {@code /metrics} (contract §6).
 */
class PresetPoliciesTest {
    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.start();
    private final TestHttp http = deck.http();

    @Test
    void aPresetsTtlUnloadsTheModelLoadedBeforeOnceIdle() throws Exception {
        deck.loadAndAwaitReady(SMALL_MODEL);
        putPreset("{\"ttl_seconds\":3600,\"pinned\":true}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode i = instance();
            assertThat(i.path("pinned").asBoolean()).isTrue();
            assertThat(i.path("ttl_seconds").asInt()).isEqualTo(3600);
            assertThat(i.path("ttl_expires_at").isNull()).as("pinned: no countdown").isTrue();
            assertThat(i.path("last_used_at").asText()).isNotEmpty();
        });
        putPreset("{\"ttl_seconds\":3600}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode i = instance();
            assertThat(i.path("pinned").asBoolean()).isFalse();
            Instant lastUsed = Instant.parse(i.path("last_used_at").asText());
            assertThat(Instant.parse(i.path("ttl_expires_at").asText())).isEqualTo(lastUsed.plusSeconds(3600));
        });

        try (SseReader events = http.sse("/api/events")) {
            events.await("snapshot");
            putPreset("{\"ttl_seconds\":1}");

            SseReader.Frame unloaded = events.await(f -> f.event().equals("model_unloaded"), Duration.ofSeconds(15));
            JsonNode event = TestHttp.JSON.readTree(unloaded.data());
            assertThat(event.path("cause").asText()).isEqualTo("ttl");
            assertThat(event.path("model_id").asText()).isEqualTo(SMALL_MODEL);
            assertThat(event.path("details").path("reason").asText()).isEqualTo("idle_ttl");
            assertThat(events.frames("model_unloaded_externally")).as("lmdeck's own unload").isEmpty();
        }
        assertThat(deck.sim().instances()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(http.get("/metrics").body())
                .contains("lmdeck_model_unloads_total{host=\"default\",model=\"" + SMALL_MODEL
                        + "\",reason=\"idle_ttl\"} 1.0")
                .contains("lmdeck_model_load_seconds_count{host=\"default\",model=\"" + SMALL_MODEL + "\"} 1"));
    }

    @Test
    void thePresetsTtlIsNeverLmStudiosOwn() {
        deck.awaitOnline();
        putPreset("{\"ttl_seconds\":600,\"context_length\":6144}");
        deck.loadAndAwaitReady(SMALL_MODEL);

        assertThat(deck.sim().instances()).singleElement().satisfies(i -> {
            assertThat(i.contextLength()).isEqualTo(6144);
            assertThat(i.ttlMs()).as("LM Studio would unload it itself: an external unload to lmdeck").isNull();
        });
        assertThat(instance().path("ttl_seconds").asInt()).isEqualTo(600);
    }

    @Test
    void aLoadWhoseContextLmStudioChangedRecordsTheDrift() {
        deck.awaitOnline();
        deck.sim().engine().settings().contextLengthLimit(2048);
        HttpResponse<String> load = http.post("/api/models/lmstudio/load",
                "{\"model_id\":\"" + SMALL_MODEL + "\",\"context_length\":8192}");
        assertThat(load.statusCode()).as(load.body()).isEqualTo(202);
        deck.awaitReady(SMALL_MODEL);
        assertThat(completedLoad().path("details").path("drift"))
                .isEqualTo(parse("{\"context_length\":{\"asked\":8192,\"got\":2048}}"));
        assertThat(instance().path("context_length").asInt()).isEqualTo(2048);

        http.post("/api/models/lmstudio/unload", "{\"all\":true}");
        HttpResponse<String> asIs = http.post("/api/models/lmstudio/load",
                "{\"model_id\":\"" + SMALL_MODEL + "\",\"context_length\":2048}");
        assertThat(asIs.statusCode()).as(asIs.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> completedLoads().size() == 2);
        assertThat(completedLoad().path("details").has("drift")).as("got what it asked: no drift").isFalse();
        assertThat(completedLoad().path("details").path("context_length").asInt()).isEqualTo(2048);
    }

    private void putPreset(String body) {
        HttpResponse<String> stored = http.send(http.builder("/api/presets/" + SMALL_MODEL)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    }

    /** The small model's one loaded instance, as {@code /status} shows it. */
    private JsonNode instance() {
        JsonNode loaded = deck.status().path("loaded");
        assertThat(loaded).as("loaded instances").hasSize(1);
        return loaded.get(0);
    }

    private java.util.List<JsonNode> completedLoads() {
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        json(http.get("/api/activity?type=model_loading_complete")).path("items").forEach(items::add);
        return items;
    }

    /** The newest {@code model_loading_complete} in the activity log. */
    private JsonNode completedLoad() {
        java.util.List<JsonNode> loads = completedLoads();
        assertThat(loads).isNotEmpty();
        return loads.get(0);
    }

    private static JsonNode parse(String text) {
        try {
            return TestHttp.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
