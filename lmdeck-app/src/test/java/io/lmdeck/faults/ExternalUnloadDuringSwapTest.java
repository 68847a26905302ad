package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another program unloads lmdeck's old model while lmdeck is swapping to a new one (LM Studio answers slowly, so
 * lmdeck's own unload arrives after the other program's): the activity log says another program unloaded it, never
 * that lmdeck did.
 */
@Timeout(120)
class ExternalUnloadDuringSwapTest {
    private static final String NEW_MODEL = "qwen/qwen3-4b-2507";

    @TempDir
    Path temp;
    @AutoClose
    private LmStudioSimulator sim;
    @AutoClose
    private ChildLmdeck lmdeck;

    @Test
    void theOldModelUnloadedByAnotherProgramMidSwapIsLoggedAsExternal() throws Exception {
        sim = Sims.start(0.05);
        lmdeck = ChildLmdeck.serve(URI.create(sim.baseUrl()), Files.createDirectories(temp.resolve("data")),
                ChildLmdeck.freePort());
        TestHttp http = lmdeck.http();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(http).path("online").asBoolean());
        http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + Sims.SMALL_MODEL + "\"}");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                status(http).path("active_model").path("model_id").asText().equals(Sims.SMALL_MODEL));
        String old = Sims.instanceIds(sim).get(0);

        sim.control().setResponseDelay(Duration.ofMillis(1500));
        assertThat(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + NEW_MODEL + "\"}").statusCode())
                .isEqualTo(202);
        assertThat(sim.control().unloadExternally(old)).isTrue(); // before lmdeck's own unload reaches LM Studio

        await().atMost(Duration.ofSeconds(60)).until(() ->
                status(http).path("active_model").path("model_id").asText().equals(NEW_MODEL));
        // lmdeck retires the old model once the new one is ready: wait for the row that says how it went.
        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(http, old).stream()
                .anyMatch(row -> row.startsWith("model_unloaded")));
        sim.control().setResponseDelay(Duration.ZERO);
        assertThat(rowsOf(http, old)).contains("model_unloaded_externally external")
                .noneMatch(row -> row.startsWith("model_unloaded "));
        assertThat(Sims.instanceModels(sim)).containsExactly(NEW_MODEL);
    }

    /** "type cause" of the activity rows about one instance. */
    private static List<String> rowsOf(TestHttp http, String instanceId) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : Json.parse(http.get("/api/activity?limit=500").body()).path("items")) {
            if (instanceId.equals(row.path("details").path("instance_id").asText())) {
                rows.add(row.path("type").asText() + " " + row.path("cause").asText());
            }
        }
        return rows;
    }

    private static JsonNode status(TestHttp http) {
        return Json.parse(http.get("/api/models/lmstudio/status").body()).path("lmstudio");
    }
}
