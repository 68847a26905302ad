package io.lmdeck.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.lmstudio.sim.control.SimulatorControl;
import io.lmdeck.presets.ConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test fixture: an LM Studio simulator with fast loads and a real {@link LmdeckServer} connected to it, both on
 * free loopback ports, with the activity log (SQLite) in a fresh temp directory. Close it to stop both and
 * delete the directory.
 *
 * <pre>
 * try (RunningLmdeck deck = RunningLmdeck.start()) {
 *     deck.loadAndAwaitReady(RunningLmdeck.SMALL_MODEL);      // POST load, then wait for status ready
 *     deck.http().get("/api/activity");                        // TestHttp: get/post/sse/chat, token included
 *     deck.sim().goOffline();                                  // the simulator's controls
 * }
 * try (RunningLmdeck deck = RunningLmdeck.builder().token("t0ken").loadSecondsPerGb(1.0).start()) { ... }
 * </pre>
 */
public final class RunningLmdeck implements AutoCloseable {
    /** The smallest LLM of the simulator's demo catalogue (about 0.8 GB): loads fastest. */
    public static final String SMALL_MODEL = "google/gemma-3-1b";
    /** A second LLM (about 2.5 GB), for swaps. */
    public static final String OTHER_MODEL = "qwen/qwen3-4b-2507";
    /** A large LLM (about 20 GB): with a few seconds per GB its load takes long enough to watch or cancel. */
    public static final String LARGE_MODEL = "qwen/qwen3-32b";

    private final LmStudioSimulator simulator;
    private final ServerOptions options;
    private final ServerTuning tuning;
    private final Path dataDir;
    private final String token;
    private LmdeckServer server;

    private RunningLmdeck(LmStudioSimulator simulator, ServerOptions options, ServerTuning tuning, Path dataDir,
                          String token) {
        this.simulator = simulator;
        this.options = options;
        this.tuning = tuning;
        this.server = LmdeckServer.start(options, tuning);
        this.dataDir = dataDir;
        this.token = token;
    }

    /** Simulator loading at 0.05 s per GB, no token, 200 ms SSE heartbeat, LM Studio polled every 200 ms. */
    public static RunningLmdeck start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The simulator, e.g. to read {@code control().loadCalls()}. */
    public LmStudioSimulator simulator() {
        return simulator;
    }

    /** The simulator's in-process controls: goOffline(), goOnline(), loadExternally(…), injectFailure(…), loadSecondsPerGb(…). */
    public SimulatorControl sim() {
        return simulator.control();
    }

    public LmdeckServer server() {
        return server;
    }

    /**
     * Stops lmdeck (models stay loaded in the simulator) and starts it again on the same data directory, as a user
     * restarting it would; the new server listens on a fresh free port.
     */
    public void restartServer() {
        server.close();
        server = LmdeckServer.start(options, tuning);
    }

    /** lmdeck's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** The simulator's base URL (what lmdeck connects to). */
    public URI simUrl() {
        return URI.create(simulator.baseUrl());
    }

    /** The temp data directory holding {@code lmdeck.db}. */
    public Path dataDir() {
        return dataDir;
    }

    /** lmdeck's bearer token, or null. */
    public String token() {
        return token;
    }

    /** A java.net.http helper for lmdeck's API that sends the token when there is one. */
    public TestHttp http() {
        TestHttp http = new TestHttp(url());
        return token == null ? http : http.withToken(token);
    }

    /**
     * Publishes an event through the server's real journal (numbered, stored, sent to every SSE client), as if
     * the lifecycle had: for load tests that need many events quickly.
     */
    public void publish(LifecycleEvent draft) {
        server.events().publish(draft);
    }

    /** The {@code lmstudio} object of {@code GET /api/models/lmstudio/status}. */
    public JsonNode status() {
        return TestHttp.json(http().get("/api/models/lmstudio/status")).get("lmstudio");
    }

    /** Waits (20 s at most) until lmdeck has seen the simulator online. Returns this. */
    public RunningLmdeck awaitOnline() {
        await().atMost(Duration.ofSeconds(20)).until(() -> status().get("online").asBoolean());
        return this;
    }

    /** Waits until {@code modelId} is the active model and the status is {@code ready}. */
    public void awaitReady(String modelId) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode s = status();
            String why = s + "\nactivity: " + TestHttp.json(http().get("/api/activity?limit=20")).get("items").findValuesAsText("message");
            assertThat(s.get("active_model").path("model_id").asText()).as(why).isEqualTo(modelId);
            assertThat(s.get("status").asText()).as(why).isEqualTo("ready");
        });
    }

    /** Waits for LM Studio online, asks lmdeck to load {@code modelId} (200 or 202) and waits until it is ready. */
    public void loadAndAwaitReady(String modelId) {
        awaitOnline();
        HttpResponse<String> load = http().post("/api/models/lmstudio/load", "{\"model_id\":\"" + modelId + "\"}");
        assertThat(load.statusCode()).as(load.body()).isIn(200, 202);
        awaitReady(modelId);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            simulator.close();
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    /** Options of the fixture; every one has a test-friendly default. */
    public static final class Builder {
        private String token;
        private double loadSecondsPerGb = 0.05;
        private long tokenDelayMillis = 5;
        private ServerTuning tuning = ServerTuning.DEFAULTS.withHeartbeat(Duration.ofMillis(200))
                .withLifecyclePollInterval(Duration.ofMillis(200)).withChatMaxWait(Duration.ofSeconds(30));
        private String bind = "127.0.0.1";
        private ConfigFile config;

        /** lmdeck's bearer token (null: none). */
        public Builder token(String value) {
            token = value;
            return this;
        }

        /** The simulator's load speed (default 0.05 s per GB). */
        public Builder loadSecondsPerGb(double value) {
            loadSecondsPerGb = value;
            return this;
        }

        /** Delay between streamed chat tokens in the simulator (default 5 ms). */
        public Builder tokenDelayMillis(long value) {
            tokenDelayMillis = value;
            return this;
        }

        /** Address lmdeck binds to (default 127.0.0.1; a non-loopback one needs a token). */
        public Builder bind(String value) {
            bind = value;
            return this;
        }

        /** Server timings (defaults: 200 ms heartbeat, 200 ms LM Studio polling, 30 s chat wait). */
        public Builder tuning(ServerTuning value) {
            tuning = value;
            return this;
        }

        /** The parsed {@code --config} file (default: none). */
        public Builder config(ConfigFile value) {
            config = value;
            return this;
        }

        public RunningLmdeck start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("lmdeck-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LmStudioSimulator sim = LmStudioSimulator.builder().host("127.0.0.1").port(0)
                    .loadSecondsPerGb(loadSecondsPerGb).tokenDelayMillis(tokenDelayMillis).build().start();
            try {
                ServerOptions options = new ServerOptions(0, bind, URI.create(sim.baseUrl()), null, dir, null, null, null,
                        token, false, List.of(), null, config);
                return new RunningLmdeck(sim, options, tuning, dir, token);
            } catch (RuntimeException e) {
                sim.close();
                deleteTree(dir);
                throw e;
            }
        }
    }
}
