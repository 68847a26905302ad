package io.lmdeck.server;

import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lmdeck.http.SseReader;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.time.Duration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract section 5 on the real server. */
class LmdeckServerSecurityTest {
    private static final String LOAD = "{\"model_id\":\"" + SMALL_MODEL + "\"}";

    @Test
    void crossOriginPostAndForeignHostAreRejected() {
        try (RunningLmdeck deck = RunningLmdeck.start()) {
            TestHttp http = deck.http();
            assertThat(http.post("/api/models/lmstudio/load", LOAD, "Origin", "http://attacker.example").statusCode()).isEqualTo(403);
            assertThat(http.post("/api/models/lmstudio/unload", "{\"all\":true}", "Origin", "https://attacker.example").statusCode()).isEqualTo(403);
            String reply = TestHttp.raw(deck.port(), "GET /api/models/lmstudio HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 403").contains("forbidden_host");
            assertThat(deck.sim().loadCalls()).isZero();
        }
    }

    @Test
    void tokenRequiredAndEnforced() {
        try (RunningLmdeck deck = RunningLmdeck.builder().token("deck-secret-1").start()) {
            TestHttp anonymous = new TestHttp(deck.url());
            assertThat(anonymous.get("/api/models/lmstudio").statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(anonymous.post("/api/models/lmstudio/load", LOAD).statusCode()).isEqualTo(401);
            assertThat(new TestHttp(deck.url()).withToken("wrong").get("/api/activity").statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(anonymous.get("/").statusCode()).isEqualTo(200); // the UI itself is open; it asks for the token
            assertThat(deck.http().get("/api/models/lmstudio").statusCode()).isEqualTo(200);
            try (SseReader events = deck.http().sse("/api/events")) {
                events.await("snapshot");
            }
            assertThat(deck.sim().loadCalls()).isZero();
        }
    }

    @Test
    void nonLoopbackBindWithTokenIsServedAndEnforced() {
        try (RunningLmdeck deck = RunningLmdeck.builder().bind("0.0.0.0").token("deck-secret-2").start()) {
            TestHttp anonymous = new TestHttp(URI.create("http://127.0.0.1:" + deck.port()));
            assertThat(anonymous.get("/api/models/lmstudio").statusCode()).isEqualTo(401);
            assertThat(deck.url().getHost()).isEqualTo("127.0.0.1");
            assertThat(deck.http().get("/api/models/lmstudio").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nonLoopbackBindWithoutTokenIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        Path dataDir = dir.resolve("data");
        ServerOptions options = new ServerOptions(0, "0.0.0.0", URI.create("http://127.0.0.1:9"), null, dataDir, null, null, null,
                null, true, List.of());
        assertThatThrownBy(() -> LmdeckServer.start(options)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
        assertThat(Files.exists(dataDir)).as("no database was created").isFalse();
    }

    @Test
    void theLmStudioTokenNeverAppearsInResponsesEventsMetricsOrLogs(@TempDir Path dir) {
        String lmToken = "sk-lm-abcdEFGH:ijklMNOPqrstUVWXyz12";
        String everything = captureStderr(() -> {
            StringBuilder seen = new StringBuilder();
            try (LmStudioSimulator sim = LmStudioSimulator.builder().host("127.0.0.1").port(0).loadSecondsPerGb(0.05).token(lmToken).build().start();
                 LmdeckServer server = LmdeckServer.start(new ServerOptions(0, "127.0.0.1", URI.create(sim.baseUrl()), lmToken,
                         dir.resolve("a"), null, null, null, null, false, List.of()))) {
                TestHttp http = new TestHttp(server.url());
                await().atMost(Duration.ofSeconds(20)).until(() -> TestHttp.json(http.get("/api/models/lmstudio/status")).get("lmstudio").get("online").asBoolean());
                http.post("/api/models/lmstudio/load", LOAD);
                await().atMost(Duration.ofSeconds(20)).until(() -> TestHttp.json(http.get("/api/activity?type=model_loading_complete")).get("items").size() == 1);
                dumpEverything(http, seen);
            }
            return seen.toString();
        });
        assertThat(everything).contains("model_loading_complete", "lmdeck HTTP API listening").doesNotContain(lmToken).doesNotContain("ijklMNOPqrstUVWXyz12");
    }

    @Test
    void aWrongLmStudioTokenIsReportedWithoutEchoingIt(@TempDir Path dir) {
        String wrong = "sk-lm-wrongWRO:ngwrongwrongwrongWRON";
        String everything = captureStderr(() -> {
            StringBuilder seen = new StringBuilder();
            try (LmStudioSimulator sim = LmStudioSimulator.builder().host("127.0.0.1").port(0).token("sk-lm-abcdEFGH:ijklMNOPqrstUVWXyz12").build().start();
                 LmdeckServer server = LmdeckServer.start(new ServerOptions(0, "127.0.0.1", URI.create(sim.baseUrl()), wrong,
                         dir.resolve("b"), null, null, null, null, false, List.of()))) {
                TestHttp http = new TestHttp(server.url());
                await().atMost(Duration.ofSeconds(20)).until(() -> !TestHttp.json(http.get("/api/models/lmstudio/status")).get("lmstudio")
                        .get("checked_at").isNull());
                http.post("/api/models/lmstudio/load", LOAD);
                dumpEverything(http, seen);
            }
            return seen.toString();
        });
        assertThat(everything).doesNotContain(wrong).doesNotContain("ngwrongwrongwrongWRON");
    }

    private static void dumpEverything(TestHttp http, StringBuilder seen) {
        for (String path : List.of("/api/models/lmstudio", "/api/models/lmstudio/status", "/api/activity?limit=500", "/metrics", "/healthz")) {
            seen.append(http.get(path).body());
        }
        try (SseReader events = http.sse("/api/events?last_event_id=0")) {
            events.await("snapshot");
            events.frames().forEach(f -> seen.append(f.data()));
        }
    }

    /** Runs {@code body} while copying everything written to System.err (slf4j-simple's log) into the result. */
    private static String captureStderr(java.util.function.Supplier<String> body) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true));
        try {
            String seen = body.get();
            return seen + copy.toString(java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            System.setErr(original);
        }
    }
}
