package io.lmdeck.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.server.RunningLmdeck;
import io.lmdeck.server.ServerTuning;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real lmdeck server (in this JVM) and its simulator, with the timings the fault tests need, plus the few
 * API reads they make all the time.
 */
final class Deck implements AutoCloseable {
    private final RunningLmdeck running;

    private Deck(RunningLmdeck running) {
        this.running = running;
    }

    static Deck start(double loadSecondsPerGb) {
        return start(loadSecondsPerGb, null);
    }

    /** LM Studio re-read every 500 ms, 1 s heartbeat; {@code stallLimit} null keeps the production one. */
    static Deck start(double loadSecondsPerGb, Duration stallLimit) {
        ServerTuning tuning = ServerTuning.DEFAULTS.withHeartbeat(Duration.ofSeconds(1))
                .withLifecyclePollInterval(Duration.ofMillis(500)).withChatMaxWait(Duration.ofSeconds(60));
        if (stallLimit != null) {
            tuning = tuning.withStallLimit(stallLimit);
        }
        Deck deck = new Deck(RunningLmdeck.builder().loadSecondsPerGb(loadSecondsPerGb).tokenDelayMillis(2).tuning(tuning).start());
        try {
            // lmdeck answers before its first read of LM Studio; the tests start from a known, online state.
            await().atMost(Duration.ofSeconds(20)).until(() -> deck.status().path("online").asBoolean());
            return deck;
        } catch (RuntimeException | Error e) {
            deck.close();
            throw e;
        }
    }

    LmStudioSimulator sim() {
        return running.simulator();
    }

    int port() {
        return running.port();
    }

    TestHttp http() {
        return running.http();
    }

    /** The {@code lmstudio} object of the status. */
    JsonNode status() {
        return Json.parse(http().get("/api/models/lmstudio/status").body()).path("lmstudio");
    }

    JsonNode catalog() {
        return Json.parse(http().get("/api/models/lmstudio").body());
    }

    /** Starts a load that must be accepted (202, or 200 when already loaded); returns the answer. */
    JsonNode load(String modelId) {
        HttpResponse<String> answer = http().post("/api/models/lmstudio/load", "{\"model_id\":\"" + modelId + "\"}");
        if (answer.statusCode() != 200 && answer.statusCode() != 202) {
            throw new AssertionError("load " + modelId + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return Json.parse(answer.body());
    }

    /** The activity log, oldest first, one line per event: what to read when an assertion fails. */
    String story() {
        JsonNode items = Json.parse(http().get("/api/activity?limit=500").body()).path("items");
        StringBuilder out = new StringBuilder("\nactivity (oldest first):");
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode e = items.get(i);
            out.append("\n  ").append(e.path("id").asText()).append(' ').append(e.path("type").asText()).append(' ')
                    .append(e.path("operation_id").asText("")).append(' ').append(e.path("message").asText())
                    .append(' ').append(e.path("details"));
        }
        return out.append("\nstatus: ").append(status()).toString();
    }

    /** How many SSE clients the server still counts ({@code lmdeck_sse_clients}). */
    int sseClients() {
        for (String line : http().get("/metrics").body().split("\n")) {
            if (line.startsWith("lmdeck_sse_clients")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no lmdeck_sse_clients metric");
    }

    /**
     * Closes the server once it has let go of every SSE client. Stopping it while it still holds one makes a
     * Javalin thread spin forever on the recycled request (reported to the HTTP owner); waiting avoids that here.
     */
    @Override
    public void close() {
        try {
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> sseClients() == 0);
        } catch (RuntimeException stillConnected) {
            // Close anyway: a test that failed may have left a stream open.
        }
        running.close();
    }

    static void close(Deck deck) {
        if (deck != null) {
            deck.close();
        }
    }
}
