package io.lmdeck.gateway;

import static io.lmdeck.gateway.ScriptedUpstream.ascii;
import static io.lmdeck.gateway.ScriptedUpstream.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The forwarder against the real simulator, and against a scripted socket for what a simulator cannot do. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "google/gemma-3-1b";
    private static final String TOKEN = "sk-lm-abcdEFGH:abcdefghij0123456789";
    private final HttpClient http = Forwarder.defaultClient();
    private LmStudioSimulator sim;
    private Forwarder forwarder;

    @BeforeAll
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.01).tokenDelayMillis(0).token(TOKEN).build().start();
        forwarder = new Forwarder(http, URI.create(sim.baseUrl()), TOKEN);
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.control().reset();
        sim.control().tokenDelayMillis(0);
        sim.control().loadExternally(MODEL);
        sim.control().loadExternally("text-embedding-nomic-embed-text-v1.5");
        sim.control().resetCounters();
    }

    private static String chat(boolean stream) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":" + stream + "}";
    }

    static Stream<Arguments> endpoints() {
        String messages = ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
        List<Arguments> out = new ArrayList<>();
        for (boolean stream : new boolean[] {false, true}) {
            String s = ",\"stream\":" + stream;
            out.add(Arguments.of(Endpoint.CHAT_COMPLETIONS, "{\"model\":\"" + MODEL + "\"" + messages + s + "}", stream));
            out.add(Arguments.of(Endpoint.COMPLETIONS, "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\"" + s + "}", stream));
            out.add(Arguments.of(Endpoint.RESPONSES, "{\"model\":\"" + MODEL + "\",\"input\":\"Hello\"" + s + "}", stream));
            out.add(Arguments.of(Endpoint.MESSAGES, "{\"model\":\"" + MODEL + "\",\"max_tokens\":50" + messages + s + "}", stream));
        }
        out.add(Arguments.of(Endpoint.EMBEDDINGS, "{\"model\":\"text-embedding-nomic-embed-text-v1.5\",\"input\":\"x\"}", false));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} stream={2}")
    @MethodSource("endpoints")
    void everyEndpointIsRelayedWithItsStatusAndContentType(Endpoint endpoint, String body, boolean stream) throws Exception {
        RecordingSink sink = new RecordingSink();
        RelayOutcome outcome = forwarder.relay(endpoint, ascii(body), Map.of()).run(sink);
        assertThat(outcome.result()).isEqualTo(RelayOutcome.Result.COMPLETED);
        assertThat(sink.status).isEqualTo(200);
        if (stream) {
            assertThat(sink.header("Content-Type")).startsWith("text/event-stream");
            assertThat(sink.text()).endsWith("\n\n");
            assertThat(sink.chunks.size()).isGreaterThan(3);
        } else {
            assertThat(sink.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(sink.bytes()).isObject()).isTrue();
        }
        assertThat(outcome.bytes()).isEqualTo(sink.bytes().length);
        assertThat(sink.headers.keySet()).noneMatch(h -> h.equalsIgnoreCase("transfer-encoding")
                || h.equalsIgnoreCase("content-length") || h.equalsIgnoreCase("connection"));
    }

    @Test
    void lmStudiosOwnErrorsComeBackUnchanged() throws Exception {
        RecordingSink sink = new RecordingSink();
        forwarder.relay(Endpoint.CHAT_COMPLETIONS, ascii(chat(false).replace(MODEL, "nope/none")), Map.of()).run(sink);
        assertThat(sink.status).isEqualTo(400);
        assertThat(JSON.readTree(sink.bytes()).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void withoutLmStudiosTokenLmStudioRefuses() {
        RecordingSink sink = new RecordingSink();
        new Forwarder(http, URI.create(sim.baseUrl()), null).relay(Endpoint.CHAT_COMPLETIONS, ascii(chat(false)), Map.of())
                .run(sink);
        assertThat(sink.status).isEqualTo(401);
    }

    @Test
    void streamedFramesReachTheCallerWhileLmStudioIsStillGenerating() {
        sim.control().tokenDelayMillis(50);
        List<Integer> inFlightAtEachChunk = new ArrayList<>();
        RecordingSink sink = new RecordingSink(Integer.MAX_VALUE, chunk -> inFlightAtEachChunk.add(sim.control().inFlight(MODEL)));
        RelayOutcome outcome = forwarder.relay(Endpoint.CHAT_COMPLETIONS, ascii(chat(true)), Map.of()).run(sink);
        assertThat(outcome.result()).isEqualTo(RelayOutcome.Result.COMPLETED);
        assertThat(outcome.firstByteNanos()).isNotNull();
        // One flushed chunk per frame as it was generated: the first ones came while the request was still running.
        assertThat(inFlightAtEachChunk.get(0)).isEqualTo(1);
        assertThat(sink.chunks).hasSizeGreaterThan(10).allMatch(c -> c.endsWith("\n\n"));
        assertThat(sink.chunks.get(sink.chunks.size() - 1)).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void aCallerThatLeavesStopsGenerationInLmStudio() {
        // At least 12 tokens at 500 ms: had the request to LM Studio gone on, it would stay in flight for over 5 s.
        sim.control().tokenDelayMillis(500);
        RecordingSink sink = new RecordingSink(2, chunk -> { });
        RelayOutcome outcome = forwarder.relay(Endpoint.MESSAGES, ascii("{\"model\":\"" + MODEL + "\",\"max_tokens\":100,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"), Map.of()).run(sink);
        assertThat(outcome.result()).isEqualTo(RelayOutcome.Result.CLIENT_GONE);
        await().atMost(Duration.ofSeconds(3)).until(() -> sim.control().inFlight(MODEL) == 0);
    }

    @Test
    void cancelWhileWaitingForLmStudioEndsTheRelayAtOnce() {
        sim.control().loadSecondsPerGb(1000);
        Relay relay = forwarder.relay(Endpoint.CHAT_COMPLETIONS, ascii(chat(true).replace(MODEL, "qwen/qwen3-4b-2507")), Map.of());
        CompletableFuture<RelayOutcome> running = CompletableFuture.supplyAsync(() -> relay.run(new RecordingSink()));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().loading().size() == 1);
        relay.cancel();
        assertThat(running.orTimeout(5, TimeUnit.SECONDS).join().result())
                .isEqualTo(RelayOutcome.Result.CLIENT_GONE);
    }

    @Test
    void cancelBetweenTwoTokensEndsTheRelayWithoutWaitingForTheNext() {
        // 3 s between tokens: the relay must return at once, not sit in its read until the next token comes.
        sim.control().tokenDelayMillis(3_000);
        Relay relay = forwarder.relay(Endpoint.RESPONSES, ascii("{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"stream\":true}"),
                Map.of());
        CompletableFuture<Void> firstChunk = new CompletableFuture<>();
        CompletableFuture<RelayOutcome> running = CompletableFuture.supplyAsync(
                () -> relay.run(new RecordingSink(Integer.MAX_VALUE, chunk -> firstChunk.complete(null))));
        firstChunk.orTimeout(10, TimeUnit.SECONDS).join();
        relay.cancel();
        assertThat(running.orTimeout(2, TimeUnit.SECONDS).join().result()).isEqualTo(RelayOutcome.Result.CLIENT_GONE);
        // The simulator, like any server, notices a closed connection when it next writes to it.
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.control().inFlight(MODEL) == 0);
    }

    @Test
    void lmStudioDyingMidStreamGivesAnErrorFrameInTheCallersDialect() throws Exception {
        sim.control().tokenDelayMillis(200);
        List<String> seen = new ArrayList<>();
        RecordingSink sink = new RecordingSink(Integer.MAX_VALUE, chunk -> {
            if (seen.isEmpty()) sim.control().goOffline();
            seen.add(chunk);
        });
        long started = System.nanoTime();
        RelayOutcome outcome = forwarder.relay(Endpoint.CHAT_COMPLETIONS, ascii(chat(true)), Map.of()).run(sink);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(outcome.result()).isEqualTo(RelayOutcome.Result.UPSTREAM_BROKE);
        String last = sink.chunks.get(sink.chunks.size() - 1);
        assertThat(last).startsWith("data: {\"error\":");
        assertThat(JSON.readTree(last.substring(6)).path("error").path("message").asText())
                .startsWith("LM Studio stopped answering mid-reply");
        sim.control().goOnline();
    }

    @Test
    void forwardsTheBodyToTheSamePathWithLmStudiosTokenAndRelaysTheAnswerByteForByte() throws Exception {
        String answer = "{ \"id\" : \"x\",\n \"text\":\"caf\\u00e9 ✓\" ,\"n\":1.50}";
        byte[] answerBytes = ascii(answer);
        try (ScriptedUpstream upstream = new ScriptedUpstream(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nX-Request-Id: r-1\r\n"
                    + "Keep-Alive: timeout=5\r\nContent-Length: " + answerBytes.length + "\r\n\r\n"));
            out.write(answerBytes);
        })) {
            byte[] body = ascii("{\"model\":\"qwen/qwen3-8b:2\",  \"messages\":[{\"role\":\"user\",\"content\":\"✓\"}]}");
            RecordingSink sink = new RecordingSink();
            RelayOutcome outcome = new Forwarder(http, URI.create(upstream.baseUrl() + "/"), TOKEN)
                    .relay(Endpoint.MESSAGES, body, Map.of("Authorization", "Bearer lmdeck-secret", "x-api-key", "lmdeck-secret",
                            "anthropic-version", "2023-06-01", "Cookie", "a=b"))
                    .run(sink);
            ScriptedUpstream.Received got = upstream.received.get();
            assertThat(got.requestLine()).isEqualTo("POST /v1/messages HTTP/1.1");
            assertThat(got.body()).isEqualTo(body);
            assertThat(got.headers()).containsEntry("authorization", "Bearer " + TOKEN)
                    .containsEntry("anthropic-version", "2023-06-01").containsEntry("content-type", "application/json")
                    .doesNotContainKeys("x-api-key", "cookie");
            assertThat(outcome.result()).isEqualTo(RelayOutcome.Result.COMPLETED);
            assertThat(sink.bytes()).isEqualTo(answerBytes);
            assertThat(sink.header("content-type")).isEqualTo("application/json; charset=utf-8");
            assertThat(sink.header("x-request-id")).isEqualTo("r-1");
            assertThat(sink.header("keep-alive")).isNull();
            assertThat(sink.header("content-length")).isNull();
        }
    }

    @Test
    void aHalfFrameLeftByADeadStreamIsDroppedBeforeTheErrorFrame() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.write(chunk("event: message_start\ndata: {\"type\":\"message_start\"}\n\n"));
            out.write(chunk("event: content_block_delta\ndata: {\"type\":\"content_bl"));
            out.flush();
        })) {
            RecordingSink sink = new RecordingSink();
            RelayOutcome outcome = new Forwarder(http, URI.create(upstream.baseUrl()), null)
                    .relay(Endpoint.MESSAGES, ascii("{\"model\":\"m\"}"), Map.of()).run(sink);
            assertThat(outcome.result()).isEqualTo(RelayOutcome.Result.UPSTREAM_BROKE);
            assertThat(sink.chunks).hasSize(2);
            assertThat(sink.chunks.get(0)).isEqualTo("event: message_start\ndata: {\"type\":\"message_start\"}\n\n");
            assertThat(sink.chunks.get(1)).startsWith("event: error\ndata: ");
            JsonNode error = JSON.readTree(sink.chunks.get(1).substring("event: error\ndata: ".length()));
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("error").path("type").asText()).isEqualTo("api_error");
        }
    }

    @Test
    void anUnreachableLmStudioIsA502InTheCallersDialect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RecordingSink sink = new RecordingSink();
        RelayOutcome outcome = new Forwarder(http, URI.create("http://127.0.0.1:" + port), null)
                .relay(Endpoint.MESSAGES, ascii("{\"model\":\"m\"}"), Map.of()).run(sink);
        assertThat(outcome.result()).isEqualTo(RelayOutcome.Result.UPSTREAM_UNREACHABLE);
        assertThat(sink.status).isEqualTo(502);
        JsonNode body = JSON.readTree(sink.bytes());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("message").asText()).startsWith("LM Studio could not be reached");
        assertThat(new String(sink.bytes(), StandardCharsets.UTF_8)).doesNotContain(TOKEN);
    }
}
