package io.lmdeck.http;

import static io.lmdeck.http.ModelEndpointsTest.assertError;
import static io.lmdeck.http.TestHttp.json;
import static io.lmdeck.http.fakes.FakeLifecycle.LLAMA;
import static io.lmdeck.http.fakes.FakeLifecycle.QWEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.LoadRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatEndpointTest {
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}";
    private final FakeBackedApi server = new FakeBackedApi(HttpSettings.loopback(0).withChatMaxWait(Duration.ofSeconds(20)));
    private final TestHttp http = server.http;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void streamsDeltasThenDoneFromTheActiveModel() throws Exception {
        server.activate(QWEN);
        try (SseReader reply = http.chat(HELLO)) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.response().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            SseReader.Frame done = reply.await("done");
            String text = reply.frames("delta").stream().map(f -> parse(f).get("content").asText()).collect(Collectors.joining());
            assertThat(text).isEqualTo("Hello there!");
            assertThat(parse(done).get("model_id").asText()).isEqualTo(QWEN);
            assertThat(parse(done).get("finish_reason").asText()).isEqualTo("stop");
            assertThat(reply.frames("status")).isEmpty();
        }
        assertThat(server.chat.models).containsExactly(QWEN + ":1"); // the leased instance id goes upstream
        await().until(() -> server.lifecycle.openLeases.get() == 0);
    }

    @Test
    void duringASwapStatusFramesComeFirstThenTheReply() {
        server.activate(QWEN);
        server.lifecycle.load(LoadRequest.of(LLAMA, Cause.USER));
        try (SseReader reply = http.chat(HELLO)) {
            reply.await("status");
            server.lifecycle.progress(0.4);
            reply.await(f -> f.event().equals("status") && f.data().contains("0.4"), Duration.ofSeconds(10));
            server.lifecycle.completeLoad();
            reply.await("done");
            List<String> order = reply.frames().stream().map(SseReader.Frame::event).distinct().collect(Collectors.toList());
            assertThat(order).containsExactly("status", "delta", "done");
            JsonNode loading = parse(reply.frames("status").get(0));
            assertThat(loading.get("state").asText()).isEqualTo("loading");
            assertThat(loading.get("model_id").asText()).isEqualTo(LLAMA);
            assertThat(loading.get("message").asText()).contains("Swapping");
            JsonNode last = parse(reply.frames("status").get(reply.frames("status").size() - 1));
            assertThat(last.get("state").asText()).isEqualTo("ready");
            assertThat(parse(reply.frames("done").get(0)).get("model_id").asText()).isEqualTo(LLAMA);
        }
        await().until(() -> server.lifecycle.openLeases.get() == 0);
    }

    @Test
    void swapOutlastingTheWaitEndsWithAnErrorFrame() {
        try (FakeBackedApi impatient = new FakeBackedApi(HttpSettings.loopback(0).withChatMaxWait(Duration.ofMillis(300)))) {
            impatient.lifecycle.load(LoadRequest.of(LLAMA, Cause.USER));
            try (SseReader reply = impatient.http.chat(HELLO)) {
                SseReader.Frame error = reply.await("error");
                assertThat(parse(error).get("error").get("code").asText()).isEqualTo("model_unavailable");
                await().until(reply::ended);
            }
        }
    }

    @Test
    void noActiveModelIs503WithRetryAfter() {
        HttpResponse<String> r = http.post("/api/chat", HELLO);
        assertError(r, 503, "no_active_model");
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
    }

    @Test
    void lmStudioOfflineIs503WithRetryAfter() {
        server.activate(QWEN);
        server.lifecycle.setOnline(false);
        HttpResponse<String> r = http.post("/api/chat", HELLO);
        assertError(r, 503, "lmstudio_offline");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void upstreamUnreachableBeforeTheFirstFrameIs503() {
        server.activate(QWEN);
        server.chat.offline = true;
        HttpResponse<String> r = http.post("/api/chat", HELLO);
        assertError(r, 503, "lmstudio_offline");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        await().until(() -> server.lifecycle.openLeases.get() == 0);
    }

    @Test
    void clientDisconnectStopsTheUpstreamAndReleasesTheLease() throws Exception {
        server.activate(QWEN);
        server.chat.endless = true;
        SseReader reply = http.chat(HELLO);
        reply.awaitCount(3, Duration.ofSeconds(10));
        assertThat(server.lifecycle.openLeases.get()).isEqualTo(1);
        reply.close();
        assertThat(server.chat.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.lifecycle.openLeases.get() == 0);
    }

    @Test
    void invalidChatBodiesAre400() {
        server.activate(QWEN);
        assertError(http.post("/api/chat", "{}"), 400, "invalid_request");
        assertError(http.post("/api/chat", "{\"messages\":[]}"), 400, "invalid_request");
        assertError(http.post("/api/chat", "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"), 400, "invalid_request");
        assertError(http.post("/api/chat", "{\"messages\":[{\"role\":\"user\",\"content\":5}]}"), 400, "invalid_request");
        assertError(http.post("/api/chat", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":false}"), 400, "invalid_request");
        HttpResponse<String> typo = http.post("/api/chat", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temprature\":1}");
        assertError(typo, 400, "invalid_request");
        assertThat(json(typo).get("error").get("message").asText()).contains("temprature");
        assertThat(server.chat.models).isEmpty();
    }

    private static JsonNode parse(SseReader.Frame f) {
        try {
            return TestHttp.JSON.readTree(f.data());
        } catch (Exception e) {
            throw new AssertionError(f.data(), e);
        }
    }
}
