package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityStoreOptions;
import io.lmdeck.http.SseReader;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * lmdeck dies with kill -9 in the middle of a load that LM Studio then finishes; restarted on the same data dir
 * and port it rebuilds its state from LM Studio, keeps every activity row, and an SSE client resumes. The finished
 * load is still lmdeck's: its row ends, and the next swap unloads it instead of leaving a second model in memory.
 */
@Timeout(120)
class LmdeckCrashTest {
    /** 2.5 GB at 1 s/GB: long enough to freeze lmdeck while LM Studio is still loading. */
    private static final String MODEL = "qwen/qwen3-4b-2507";

    @TempDir
    Path temp;
    private LmStudioSimulator sim;
    private ChildLmdeck lmdeck;
    private Path dataDir;
    private int port;

    @AfterEach
    void stop() {
        if (lmdeck != null) {
            lmdeck.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** A simulator and lmdeck on a fresh data dir, LM Studio online. */
    private TestHttp startBoth() throws IOException {
        sim = Sims.start(1.0);
        dataDir = Files.createDirectories(temp.resolve("data"));
        port = ChildLmdeck.freePort();
        lmdeck = ChildLmdeck.serve(URI.create(sim.baseUrl()), dataDir, port);
        TestHttp http = lmdeck.http();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(http).path("online").asBoolean());
        return http;
    }

    /** lmdeck freezes (it hears nothing more), LM Studio finishes the load, then lmdeck is killed without a word. */
    private void freezeUntilLoadedThenKill() throws Exception {
        lmdeck.freeze();
        await().atMost(Duration.ofSeconds(20)).until(() -> Sims.instanceModels(sim).contains(MODEL));
        lmdeck.kill9();
    }

    private TestHttp restart() {
        lmdeck = ChildLmdeck.serve(URI.create(sim.baseUrl()), dataDir, port);
        return lmdeck.http();
    }

    @Test
    void killedMidLoadAndRestartedItAdoptsTheFinishedLoadKeepsEveryActivityRowAndResumesTheEventStream() throws Exception {
        TestHttp http = startBoth();

        List<SseReader.Frame> before;
        try (SseReader events = http.sse("/api/events")) {
            events.await("snapshot");
            String operation = Json.parse(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + MODEL + "\"}").body())
                    .path("operation_id").asText();
            events.await(f -> f.event().equals("model_loading_progress") && f.data().contains(operation), Duration.ofSeconds(15));
            assertThat(sim.control().loading()).extracting(l -> l.modelKey()).containsExactly(MODEL);

            freezeUntilLoadedThenKill();
            await().atMost(Duration.ofSeconds(10)).until(events::ended);
            before = events.frames();
        }
        List<String> rowsBefore = storedRows(dataDir);
        assertThat(rowsBefore).isNotEmpty();
        long lastSeen = lastId(before);
        int loadsBefore = sim.control().loadCalls();

        TestHttp restarted = restart();

        try (SseReader resumed = restarted.sse("/api/events", "Last-Event-ID", String.valueOf(lastSeen))) {
            // State rebuilt from LM Studio: the load that finished while lmdeck was dead is the active model.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode status = status(restarted);
                assertThat(status.path("online").asBoolean()).isTrue();
                assertThat(status.path("status").asText()).isEqualTo("ready");
                assertThat(status.path("active_model").path("model_id").asText()).isEqualTo(MODEL);
                assertThat(Json.texts(status.path("loaded"), "model_id")).containsExactly(MODEL);
                assertThat(status.path("loading").isNull()).isTrue();
            });
            assertThat(Json.texts(catalog(restarted).path("models"), "state")).doesNotContain("loading");
            assertThat(sim.control().loadCalls()).as("adopted, not loaded again").isEqualTo(loadsBefore);
            assertThat(Sims.instanceModels(sim)).containsExactly(MODEL);

            // The SSE client resyncs: a fresh snapshot, and every id it gets is newer than what it had seen.
            SseReader.Frame snapshot = resumed.await("snapshot");
            assertThat(snapshot).isNotNull();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(resumed.frames()).anySatisfy(f ->
                    assertThat(f.data()).contains(MODEL).contains("\"loaded\"")));
            for (SseReader.Frame f : resumed.frames()) {
                if (f.id() != null && !f.event().equals("snapshot") && !f.event().equals("resync")) {
                    assertThat(Long.parseLong(f.id())).isGreaterThan(lastSeen);
                }
            }
        }

        // No activity row lost: everything written before the kill is still there, unchanged, and ids move on.
        List<JsonNode> itemsAfter = activityPages(restarted);
        assertThat(rows(itemsAfter)).containsAll(rowsBefore);
        long newestBefore = itemsAfter.stream().filter(r -> rowsBefore.contains(rows(List.of(r)).get(0)))
                .mapToLong(r -> r.path("id").asLong()).max().orElse(0);
        assertThat(itemsAfter).as("events written after the restart, numbered after the old ones")
                .anySatisfy(r -> assertThat(r.path("id").asLong()).isGreaterThan(newestBefore));
        List<String> idsAfter = Json.texts(Json.MAPPER.valueToTree(itemsAfter), "id");
        for (SseReader.Frame f : before) {
            if (f.id() != null && !f.event().equals("snapshot") && !f.event().equals("model_loading_progress")) {
                assertThat(idsAfter).as("event " + f.id() + " " + f.event() + " seen live before the kill").contains(f.id());
            }
        }
    }

    @Test
    void theLoadThatFinishedWhileLmdeckWasDeadIsLmdecksItsRowEndsAndTheNextSwapUnloadsIt() throws Exception {
        TestHttp http = startBoth();
        String operation = Json.parse(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + MODEL + "\"}").body())
                .path("operation_id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> rowsOf(http, operation).containsKey("model_loading_started"));
        assertThat(sim.control().loading()).extracting(l -> l.modelKey()).containsExactly(MODEL);
        freezeUntilLoadedThenKill();

        TestHttp restarted = restart();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(loadedBy(restarted))
                .containsOnly(Map.entry(MODEL, "lmdeck")));
        Map<String, JsonNode> rows = rowsOf(restarted, operation);
        assertThat(rows).containsKeys("model_loading_started", "model_loading_complete");
        assertThat(rows.get("model_loading_complete").path("message").asText())
                .isEqualTo("LM Studio: Model Ready (Qwen3 4B 2507, finished while lmdeck was not running)");
        assertThat(rows.get("model_loading_complete").path("details").path("instance_id").asText())
                .isEqualTo(Sims.instanceIds(sim).get(0));

        restarted.post("/api/models/lmstudio/load", "{\"model_id\":\"" + Sims.SMALL_MODEL + "\"}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(loadedBy(restarted))
                .containsOnly(Map.entry(Sims.SMALL_MODEL, "lmdeck")));
        assertThat(Sims.instanceModels(sim)).as("no copy of the interrupted load left in LM Studio")
                .containsExactly(Sims.SMALL_MODEL);
    }

    @Test
    void aLoadLmStudioDroppedWhileLmdeckWasDeadEndsAsInterruptedAfterTheRestart() throws Exception {
        TestHttp http = startBoth();
        String operation = Json.parse(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + MODEL + "\"}").body())
                .path("operation_id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> rowsOf(http, operation).containsKey("model_loading_started"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !sim.control().loading().isEmpty());
        lmdeck.kill9(); // about 0.6 s into a 2.5 s load
        // LM Studio drops a websocket load whose client went away.
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.control().loading().isEmpty());
        assertThat(Sims.instanceModels(sim)).isEmpty();

        TestHttp restarted = restart();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rowsOf(restarted, operation))
                .containsKey("model_loading_failed"));
        JsonNode failed = rowsOf(restarted, operation).get("model_loading_failed");
        assertThat(failed.path("details").path("reason").asText()).isEqualTo("interrupted");
        assertThat(failed.path("model_id").asText()).isEqualTo(MODEL);
        assertThat(rowsOf(restarted, operation)).doesNotContainKey("model_loading_complete");
        JsonNode status = status(restarted);
        assertThat(status.path("loading").isNull()).isTrue();
        assertThat(status.path("loaded").size()).isZero();

        lmdeck.close();
        lmdeck = ChildLmdeck.serve(URI.create(sim.baseUrl()), dataDir, port);
        TestHttp again = lmdeck.http();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(again).path("online").asBoolean());
        assertThat(Json.parse(again.get("/api/activity?limit=500&type=model_loading_failed").body()).path("items"))
                .as("ended once, not again at every start").hasSize(1);
    }

    /** The Activity Log rows of one operation, by event type (the newest of each type). */
    private static Map<String, JsonNode> rowsOf(TestHttp http, String operationId) {
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : Json.parse(http.get("/api/activity?limit=500").body()).path("items")) {
            if (operationId.equals(row.path("operation_id").asText())) {
                rows.putIfAbsent(row.path("type").asText(), row);
            }
        }
        return rows;
    }

    /** model_id → loaded_by of every instance in lmdeck's status. */
    private static Map<String, String> loadedBy(TestHttp http) {
        Map<String, String> owners = new HashMap<>();
        for (JsonNode instance : status(http).path("loaded")) {
            owners.put(instance.path("model_id").asText(), instance.path("loaded_by").asText());
        }
        return owners;
    }

    /** The activity rows exactly as the dead server left them in its SQLite file: "id type message". */
    private static List<String> storedRows(Path dataDir) {
        try (ActivityLog log = ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir))) {
            return log.after(0, 100_000).stream().map(e -> e.id() + " " + e.type().wireName() + " " + e.message()).toList();
        }
    }

    private static List<String> rows(List<JsonNode> items) {
        return items.stream().map(r -> r.path("id").asText() + " " + r.path("type").asText() + " " + r.path("message").asText())
                .toList();
    }

    private static List<JsonNode> activityPages(TestHttp http) {
        List<JsonNode> rows = new ArrayList<>();
        String path = "/api/activity?limit=500";
        while (true) {
            JsonNode page = Json.parse(http.get(path).body());
            page.path("items").forEach(rows::add);
            if (page.path("next_before").isNull() || page.path("next_before").isMissingNode()) {
                return rows;
            }
            path = "/api/activity?limit=500&before=" + page.path("next_before").asLong();
        }
    }

    private static long lastId(List<SseReader.Frame> frames) {
        long last = 0;
        for (SseReader.Frame f : frames) {
            if (f.id() != null && !f.event().equals("snapshot")) {
                last = Math.max(last, Long.parseLong(f.id()));
            }
        }
        return last;
    }

    private static JsonNode status(TestHttp http) {
        return Json.parse(http.get("/api/models/lmstudio/status").body()).path("lmstudio");
    }

    private static JsonNode catalog(TestHttp http) {
        return Json.parse(http.get("/api/models/lmstudio").body());
    }
}
