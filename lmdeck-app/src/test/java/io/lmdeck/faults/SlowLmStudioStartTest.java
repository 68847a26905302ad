package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LM Studio is busy (every answer takes 1.5 s) while lmdeck starts: a load asked as soon as lmdeck's port answers
 * waits for lmdeck's first look at LM Studio instead of being refused as "offline" on a catalogue not read yet.
 */
@Timeout(120)
class SlowLmStudioStartTest {
    private static final Duration SLOW = Duration.ofMillis(1500);

    @TempDir
    Path temp;
    @AutoClose
    private LmStudioSimulator sim;
    @AutoClose
    private ChildLmdeck lmdeck;

    @Test
    void aLoadAskedRightAfterStartWaitsForTheFirstLookAndStarts() throws Exception {
        sim = Sims.start(0.05);
        sim.control().setResponseDelay(SLOW);
        lmdeck = ChildLmdeck.serve(URI.create(sim.baseUrl()), Files.createDirectories(temp.resolve("data")),
                ChildLmdeck.freePort());
        TestHttp http = lmdeck.http();

        HttpResponse<String> load = http.post("/api/models/lmstudio/load",
                "{\"model_id\":\"" + Sims.SMALL_MODEL + "\"}");

        assertThat(load.statusCode()).as(load.body()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = Json.parse(http.get("/api/models/lmstudio/status").body()).path("lmstudio");
            return status.path("active_model").path("model_id").asText().equals(Sims.SMALL_MODEL);
        });
        assertThat(Sims.instanceModels(sim)).containsExactly(Sims.SMALL_MODEL);
    }
}
