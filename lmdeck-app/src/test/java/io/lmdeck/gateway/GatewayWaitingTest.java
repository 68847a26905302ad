package io.lmdeck.gateway;

import static io.lmdeck.gateway.GatewayFixture.MODEL;
import static io.lmdeck.http.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.HttpSettings;
import io.lmdeck.http.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a gateway client and an lmdeck user see around a request: SSE comments while a streamed request waits for its
 * model, {@code GET /api/requests}, the live-only request events, the wait limit, and the gateway's metrics.
 */
class GatewayWaitingTest extends SimulatedLmStudio {
    private static final String STREAMED_CHAT = "{\"model\":\"fast\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final Set<String> REQUEST_EVENTS = Set.of("request_queued", "request_started", "request_finished");
    private GatewayFixture gw;
    private final List<SseReader> readers = new ArrayList<>();

    @AfterEach
    void stop() {
        readers.forEach(SseReader::close);
        readers.clear();
        if (gw != null) gw.close();
    }

    private GatewayFixture start(HttpSettings settings) {
        gw = new GatewayFixture(sim, settings);
        return gw;
    }

    /** POSTs and returns as soon as the status and headers arrived, reading the body on a background thread. */
    private SseReader stream(String path, String body) {
        HttpRequest request = gw.http.builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<InputStream> response = gw.http.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            SseReader reader = SseReader.of(response);
            readers.add(reader);
            return reader;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode requests() {
        return json(gw.http.get("/api/requests")).get("requests");
    }

    private SseReader events(String... headers) {
        SseReader reader = gw.http.sse("/api/events", headers);
        readers.add(reader);
        reader.await("snapshot");
        return reader;
    }

    @Test
    void aStreamedRequestGetsItsHeadersAtOnceAndCommentsWhileItsModelLoads() {
        start(HttpSettings.loopback(0));
        SseReader reply = stream("/v1/chat/completions", STREAMED_CHAT); // returns only once the headers are out
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.lifecycle.gateway.queuedCount() == 1);
        JsonNode waiting = requests().get(0);
        assertThat(waiting.get("model_id").asText()).isEqualTo(MODEL);
        assertThat(waiting.get("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(waiting.get("state").asText()).isEqualTo("loading");
        assertThat(waiting.get("position").asInt()).isEqualTo(1);
        assertThat(waiting.get("started_at").isNull()).isTrue();
        assertThat(waiting.get("client").asText()).contains("127.0.0.1");

        gw.lifecycle.progress(0.42);
        await().atMost(Duration.ofSeconds(4)).until(() -> reply.commentLines().contains(": lmdeck: loading " + MODEL + " 42%"));
        int before = reply.comments();
        // At least one comment every 2 s: two more within 4 s.
        await().atMost(Duration.ofSeconds(4)).until(() -> reply.comments() >= before + 2);
        assertThat(reply.frames()).isEmpty();

        sim.control().loadExternally(MODEL);
        gw.lifecycle.completeLoad();
        reply.await(f -> f.data().equals("[DONE]"), Duration.ofSeconds(10));
        assertThat(reply.frames().get(0).data()).contains("\"model\":\"" + MODEL + "\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> requests().isEmpty());
        assertThat(sim.control().jitLoads()).isZero();
    }

    @Test
    void aRequestBeyondTheInstancesSlotsIsQueuedUntilOneIsFree() {
        start(HttpSettings.loopback(0));
        gw.lifecycle.gateway.parallel = 1;
        sim.control().loadExternally(MODEL);
        gw.lifecycle.alreadyLoaded(MODEL);
        sim.control().tokenDelayMillis(80); // the first reply runs for about 2 s
        SseReader first = stream("/v1/chat/completions", STREAMED_CHAT);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.lifecycle.gateway.runningCount() == 1);
        SseReader second = stream("/v1/chat/completions", STREAMED_CHAT);
        JsonNode queued = requests().get(1);
        assertThat(queued.get("state").asText()).isEqualTo("queued");
        assertThat(queued.get("position").asInt()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(4)).until(() -> second.commentLines().contains(": lmdeck: waiting for " + MODEL));

        first.await(f -> f.data().equals("[DONE]"), Duration.ofSeconds(20));
        second.await(f -> f.data().equals("[DONE]"), Duration.ofSeconds(20));
        assertThat(gw.lifecycle.gateway.highWater()).isEqualTo(1);
        assertThat(sim.control().counters().inFlight().get(MODEL).highWater()).isEqualTo(1);
    }

    @Test
    void aClientThatLeavesWhileQueuedLeavesTheQueue() {
        start(HttpSettings.loopback(0));
        SseReader reply = stream("/v1/chat/completions", STREAMED_CHAT);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.lifecycle.gateway.queuedCount() == 1);
        reply.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.lifecycle.gateway.queuedCount() == 0);
        assertThat(requests()).isEmpty();
    }

    @Test
    void requestEventsAreLiveOnlyAndRunningRequestsAreListed() {
        start(HttpSettings.loopback(0));
        gw.lifecycle.publishExternal(MODEL); // something in the activity log to replay
        SseReader live = events();
        sim.control().loadExternally(MODEL);
        gw.lifecycle.alreadyLoaded(MODEL);
        sim.control().tokenDelayMillis(100);
        SseReader reply = stream("/v1/chat/completions", STREAMED_CHAT);
        await().atMost(Duration.ofSeconds(5)).until(() -> requests().size() == 1
                && requests().get(0).get("state").asText().equals("running"));
        assertThat(requests().get(0).get("started_at").isNull()).isFalse();
        assertThat(requests().get(0).get("position").isNull()).isTrue();
        reply.await(f -> f.data().equals("[DONE]"), Duration.ofSeconds(10));

        SseReader.Frame finished = live.await("request_finished");
        JsonNode queued = data(live.await("request_queued"));
        JsonNode started = data(live.await("request_started"));
        JsonNode done = data(finished);
        for (JsonNode e : List.of(queued, started, done)) {
            assertThat(e.get("model_id").asText()).isEqualTo(MODEL);
            assertThat(e.get("host").asText()).isEqualTo("default");
            assertThat(e.get("details").get("endpoint").asText()).isEqualTo("/v1/chat/completions");
            assertThat(e.get("details").get("request_id").asText()).isEqualTo(queued.get("details").get("request_id").asText());
        }
        assertThat(done.get("details").get("status").asInt()).isEqualTo(200);
        assertThat(done.get("details").get("ttft_ms").isNumber()).isTrue();
        assertThat(done.get("details").get("duration_ms").asLong()).isGreaterThanOrEqualTo(done.get("details").get("ttft_ms").asLong());
        assertThat(done.get("details").get("error").isNull()).isTrue();
        assertThat(finished.id()).isNull(); // never moves a client's Last-Event-ID

        List<String> stored = new ArrayList<>();
        json(gw.http.get("/api/activity?limit=500")).get("items").forEach(e -> stored.add(e.get("type").asText()));
        assertThat(stored).isNotEmpty().doesNotContainAnyElementsOf(REQUEST_EVENTS);
        SseReader replay = events("Last-Event-ID", "0");
        assertThat(replay.frames()).extracting(SseReader.Frame::event).contains("model_loaded_externally")
                .doesNotContainAnyElementsOf(REQUEST_EVENTS);
        await().atMost(Duration.ofSeconds(5)).until(() -> requests().isEmpty());
    }

    private static JsonNode data(SseReader.Frame frame) {
        try {
            return io.lmdeck.http.TestHttp.JSON.readTree(frame.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRequestThatCannotStartInTimeGets503WithRetryAfterInItsDialect() {
        start(HttpSettings.loopback(0).withGatewayWait(Duration.ofMillis(300)));
        HttpResponse<String> openai = gw.http.post("/v1/chat/completions", CHAT);
        assertThat(openai.statusCode()).isEqualTo(503);
        assertThat(openai.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(openai).get("error").get("code").asText()).isEqualTo("model_unavailable");
        HttpResponse<String> anthropic = gw.http.post("/v1/messages",
                "{\"model\":\"fast\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(json(anthropic).get("type").asText()).isEqualTo("error");
        assertThat(json(anthropic).get("error").get("type").asText()).isEqualTo("overloaded_error");

        SseReader streamed = stream("/v1/chat/completions", STREAMED_CHAT);
        assertThat(streamed.status()).isEqualTo(200); // the headers went out while it waited
        SseReader.Frame error = streamed.await(f -> f.data().contains("\"error\""), Duration.ofSeconds(5));
        assertThat(error.data()).contains("could not start");
        await().atMost(Duration.ofSeconds(5)).until(streamed::ended);
        assertThat(gw.lifecycle.gateway.queuedCount()).isZero();
    }

    @Test
    void gatewayMetricsCountRequestsWaitsAndFirstTokens() {
        start(HttpSettings.loopback(0));
        sim.control().loadExternally(MODEL);
        gw.lifecycle.alreadyLoaded(MODEL);
        assertThat(gw.http.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.http.get("/metrics").body()
                .contains("lmdeck_gateway_requests_total{endpoint=\"/v1/chat/completions\",model=\"" + MODEL + "\",status=\"200\"} 1.0"));
        assertThat(gw.http.post("/v1/chat/completions", "{\"model\":\"nope/none\"}").statusCode()).isEqualTo(404);
        String metrics = gw.http.get("/metrics").body();
        assertThat(metrics).contains("lmdeck_gateway_queue_wait_seconds_bucket{model=\"" + MODEL + "\"",
                "lmdeck_gateway_ttft_seconds_count{model=\"" + MODEL + "\"} 1",
                "lmdeck_gateway_inflight{model=\"" + MODEL + "\"} 0.0",
                "lmdeck_gateway_requests_total{endpoint=\"/v1/chat/completions\",model=\"none\",status=\"404\"} 1.0");
    }
}
