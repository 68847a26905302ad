package io.lmdeck.server;

import static io.lmdeck.http.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.engine.Instance;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --simulator}'s demo: with Gemma 3 12B active, choosing Qwen3 32B (both do not fit in the simulator's
 * 24 GB) unloads Gemma first and then loads Qwen, instead of failing with "not enough memory" because the free
 * figure was this machine's RAM, which the simulator's loads never use up.
 */
class SimulatorSwapMemoryTest {
    private static final String GEMMA_12B = "google/gemma-3-12b";
    private static final String QWEN_32B = "qwen/qwen3-32b";

    @TempDir
    Path dataDir;
    private LmdeckServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void swappingToAModelThatDoesNotFitBesideTheActiveOneUnloadsItFirstAndSucceeds() {
        server = LmdeckServer.start(new ServerOptions(0, "127.0.0.1", null, null, dataDir, null, null, null, null,
                true, List.of()), ServerTuning.DEFAULTS.withLifecyclePollInterval(Duration.ofMillis(200)));
        server.simulator().control().loadSecondsPerGb(0.02);
        TestHttp http = new TestHttp(server.url());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(http).path("online").asBoolean());

        load(http, GEMMA_12B);
        awaitActive(http, GEMMA_12B);
        JsonNode memory = status(http).path("memory");
        assertThat(memory.path("host_total_bytes").asLong()).as("the simulator's memory, not this machine's")
                .isEqualTo(server.simulator().control().engine().settings().memoryBudgetBytes());
        assertThat(memory.path("host_available_bytes").asLong()).as("free = the simulator's memory less Gemma's")
                .isLessThan(memory.path("host_total_bytes").asLong() - (7L << 30));

        load(http, QWEN_32B);
        awaitActive(http, QWEN_32B);

        List<String> types = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        json(http.get("/api/activity?limit=100")).path("items").forEach(items::add);
        java.util.Collections.reverse(items); // oldest first
        items.forEach(item -> types.add(item.path("type").asText() + ":" + item.path("model_id").asText()));
        assertThat(types).doesNotContain("model_loading_failed:" + QWEN_32B);
        assertThat(types.indexOf("model_unloaded:" + GEMMA_12B)).as(types.toString())
                .isNotNegative().isLessThan(types.indexOf("model_loading_started:" + QWEN_32B));
        assertThat(server.simulator().control().instances()).extracting(Instance::modelKey).containsExactly(QWEN_32B);
    }

    private static void load(TestHttp http, String modelId) {
        HttpResponse<String> load = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + modelId + "\"}");
        assertThat(load.statusCode()).as(load.body()).isIn(200, 202);
    }

    private static void awaitActive(TestHttp http, String modelId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = status(http);
            String why = status + "\n" + json(http.get("/api/activity?limit=20")).path("items").findValuesAsText("message");
            assertThat(status.path("active_model").path("model_id").asText()).as(why).isEqualTo(modelId);
            assertThat(status.path("status").asText()).as(why).isEqualTo("ready");
        });
    }

    private static JsonNode status(TestHttp http) {
        return json(http.get("/api/models/lmstudio/status")).path("lmstudio");
    }
}
