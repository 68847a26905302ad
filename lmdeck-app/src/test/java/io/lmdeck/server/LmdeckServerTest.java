package io.lmdeck.server;

import static io.lmdeck.http.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.http.TestHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ./lmdeck serve gets from LmdeckServer.start: the bundled simulator, the UI, the database file. */
class LmdeckServerTest {
    @Test
    void simulatorModeServesTheUiAndTheApiFromOnePort(@TempDir Path dir) {
        ServerOptions options = new ServerOptions(0, "127.0.0.1", URI.create("http://127.0.0.1:9"), null, dir, null, null, null,
                null, true, List.of());
        try (LmdeckServer server = LmdeckServer.start(options)) {
            assertThat(server.url().toString()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(server.simulator()).isNotNull();
            assertThat(server.lmstudioUrl().toString()).isEqualTo(server.simulator().baseUrl());
            TestHttp http = new TestHttp(server.url());
            await().atMost(Duration.ofSeconds(20)).until(() -> json(http.get("/api/models/lmstudio")).get("online").asBoolean());
            assertThat(json(http.get("/api/models/lmstudio")).get("models").size()).isPositive();
            HttpResponse<String> page = http.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(Files.exists(dir.resolve("lmdeck.db"))).isTrue();
        }
    }

    @Test
    void lmStudioUnreachableIsReportedNotFatal(@TempDir Path dir) {
        ServerOptions options = new ServerOptions(0, "127.0.0.1", URI.create("http://127.0.0.1:9"), null, dir, null, null, null,
                null, false, List.of());
        try (LmdeckServer server = LmdeckServer.start(options)) {
            TestHttp http = new TestHttp(server.url());
            assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    json(http.get("/api/models/lmstudio/status")).get("lmstudio").get("status").asText().equals("offline"));
            HttpResponse<String> load = http.post("/api/models/lmstudio/load", "{\"model_id\":\"any/model\"}");
            assertThat(load.statusCode()).isEqualTo(503);
            assertThat(json(load).get("error").get("code").asText()).isEqualTo("lmstudio_offline");
        }
    }

    @Test
    void restartKeepsTheActivityLogAndContinuesEventIds(@TempDir Path dir) {
        long lastId;
        try (RunningLmdeckOnDir first = new RunningLmdeckOnDir(dir)) {
            TestHttp http = first.http();
            await().atMost(Duration.ofSeconds(20)).until(() -> json(http.get("/api/activity")).get("items").size() > 0);
            lastId = json(http.get("/api/activity?limit=1")).get("items").get(0).get("id").asLong();
        }
        try (RunningLmdeckOnDir second = new RunningLmdeckOnDir(dir)) {
            TestHttp http = second.http();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    json(http.get("/api/activity?limit=1")).get("items").get(0).get("id").asLong() > lastId);
            assertThat(json(http.get("/api/activity?limit=500")).get("items").findValuesAsText("id")).contains(Long.toString(lastId));
        }
    }

    /** A bundled-simulator server on a given data directory (to restart on the same database). */
    private static final class RunningLmdeckOnDir implements AutoCloseable {
        private final LmdeckServer server;

        RunningLmdeckOnDir(Path dir) {
            server = LmdeckServer.start(new ServerOptions(0, "127.0.0.1", null, null, dir, null, null, null, null, true, List.of()));
        }

        TestHttp http() {
            return new TestHttp(server.url());
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
