package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.sim.engine.RequestCounters;
import java.net.http.HttpRequest;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The five inference endpoints of LM Studio 0.4, streamed and not, in their own shapes and error dialects. */
class InferenceEndpointsTest {
    private static final String MODEL = "google/gemma-3-1b";
    private LmStudioSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.02).tokenDelayMillis(1).build().start();
        http = new SimHttp(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void responsesNotStreamedIsAResponseObjectWithUsage() {
        SimHttp.Reply reply = http.post("/v1/responses",
                "{\"model\":\"" + MODEL + "\",\"input\":\"Provide a prime number\",\"instructions\":\"Be brief\"}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode r = reply.json();
        assertThat(r.path("id").asText()).startsWith("resp_");
        assertThat(r.path("object").asText()).isEqualTo("response");
        assertThat(r.path("status").asText()).isEqualTo("completed");
        assertThat(r.path("model").asText()).isEqualTo(MODEL);
        assertThat(r.path("instructions").asText()).isEqualTo("Be brief");
        JsonNode message = r.path("output").get(0);
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("content").get(0).path("type").asText()).isEqualTo("output_text");
        assertThat(message.path("content").get(0).path("text").asText()).startsWith("Simulated");
        JsonNode usage = r.path("usage");
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("input_tokens").asInt() + usage.path("output_tokens").asInt()).isPositive();
    }

    @Test
    void responsesStreamedAreTypedEventsInSequenceWithoutDone() {
        SseFrames sse = SseFrames.parse(http.postLines("/v1/responses",
                "{\"model\":\"" + MODEL + "\",\"input\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":true}"));
        assertThat(sse.events()).startsWith("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta");
        assertThat(sse.events()).endsWith("response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed");
        for (int i = 0; i < sse.frames().size(); i++) {
            JsonNode frame = sse.frames().get(i).json();
            assertThat(frame.path("type").asText()).isEqualTo(sse.frames().get(i).event());
            assertThat(frame.path("sequence_number").asInt()).isEqualTo(i);
        }
        assertThat(sse.frames()).noneMatch(f -> f.data().equals("[DONE]"));
        String streamed = sse.frames().stream().filter(f -> "response.output_text.delta".equals(f.event()))
                .map(f -> f.json().path("delta").asText()).collect(Collectors.joining());
        JsonNode completed = sse.last().json().path("response");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo(streamed);
        assertThat(completed.path("usage").path("output_tokens").asInt()).isPositive();
    }

    @Test
    void responsesCutByMaxOutputTokensAreIncomplete() {
        JsonNode r = http.post("/v1/responses",
                "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"max_output_tokens\":3}").json();
        assertThat(r.path("status").asText()).isEqualTo("incomplete");
        assertThat(r.path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
        assertThat(r.path("usage").path("output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void responsesErrorsAreOpenAiShaped() {
        SimHttp.Reply badJson = http.post("/v1/responses", "{\"model\":");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        SimHttp.Reply unknown = http.post("/v1/responses", "{\"model\":\"nope/nothing\",\"input\":\"Hi\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(unknown.json().path("error").path("param").asText()).isEqualTo("model");
        SimHttp.Reply noInput = http.post("/v1/responses", "{\"model\":\"" + MODEL + "\"}");
        assertThat(noInput.status()).isEqualTo(400);
        assertThat(noInput.json().path("error").path("code").asText()).isEqualTo("missing_required_parameter");
        SimHttp.Reply badTtl = http.post("/v1/responses", "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"ttl\":-5}");
        assertThat(badTtl.status()).isEqualTo(400);
        assertThat(badTtl.json().path("error").path("param").asText()).isEqualTo("ttl");
    }

    @Test
    void messagesNotStreamedIsAnAnthropicMessage() {
        SimHttp.Reply reply = http.post("/v1/messages", "{\"model\":\"" + MODEL + "\",\"max_tokens\":256,"
                + "\"system\":\"Be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a haiku\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode m = reply.json();
        assertThat(m.path("id").asText()).startsWith("msg_");
        assertThat(m.path("type").asText()).isEqualTo("message");
        assertThat(m.path("role").asText()).isEqualTo("assistant");
        assertThat(m.path("model").asText()).isEqualTo(MODEL);
        assertThat(m.path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(m.path("content").get(0).path("text").asText()).startsWith("Simulated");
        assertThat(m.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(m.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(m.path("usage").path("output_tokens").asInt()).isPositive();
    }

    @Test
    void messagesStreamedFollowAnthropicsEventOrder() {
        SseFrames sse = SseFrames.parse(http.postLines("/v1/messages", "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}"));
        assertThat(sse.events()).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        for (SseFrames.Frame f : sse.frames()) assertThat(f.json().path("type").asText()).isEqualTo(f.event());
        JsonNode start = sse.frames().get(0).json().path("message");
        assertThat(start.path("id").asText()).startsWith("msg_");
        assertThat(start.path("content")).isEmpty();
        assertThat(start.path("stop_reason").isNull()).isTrue();
        JsonNode delta = sse.frames().get(3).json();
        assertThat(delta.path("delta").path("type").asText()).isEqualTo("text_delta");
        assertThat(delta.path("delta").path("text").asText()).isEqualTo("Simulated");
        JsonNode messageDelta = sse.frames().get(8).json();
        assertThat(messageDelta.path("delta").path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(messageDelta.path("usage").path("output_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void messagesErrorsAreAnthropicShaped() {
        SimHttp.Reply badJson = http.post("/v1/messages", "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("type").asText()).isEqualTo("error");
        assertThat(badJson.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        SimHttp.Reply unknown = http.post("/v1/messages",
                "{\"model\":\"nope/nothing\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("type").asText()).isEqualTo("error");
        assertThat(unknown.json().path("error").path("message").asText())
                .startsWith("Invalid model identifier \"nope/nothing\"");
        SimHttp.Reply noMaxTokens = http.post("/v1/messages",
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(noMaxTokens.status()).isEqualTo(400);
        assertThat(noMaxTokens.json().path("error").path("message").asText()).contains("max_tokens");
        sim.control().jit(false);
        SimHttp.Reply noJit = http.post("/v1/messages",
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(noJit.status()).isEqualTo(400);
        assertThat(noJit.json().path("error").path("message").asText()).startsWith("No models loaded.");
    }

    @Test
    void messagesTakeTheTokenAsXApiKey() {
        String token = "sk-lm-abcdEFGH:abcdefghij0123456789";
        try (LmStudioSimulator authed = LmStudioSimulator.builder().port(0).token(token).tokenDelayMillis(0)
                .loadSecondsPerGb(0.02).build().start()) {
            SimHttp anonymous = new SimHttp(authed.baseUrl());
            String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
            assertThat(anonymous.post("/v1/messages", body).status()).isEqualTo(401);
            SimHttp.Reply withKey = anonymous.send(anonymous.request("/v1/messages").header("x-api-key", token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(withKey.status()).isEqualTo(200);
        }
    }

    @Test
    void completionsStreamedAndNot() {
        JsonNode plain = http.post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\"}").json();
        assertThat(plain.path("object").asText()).isEqualTo("text_completion");
        assertThat(plain.path("choices").get(0).path("text").asText()).startsWith("Simulated");
        assertThat(plain.path("usage").path("completion_tokens").asInt()).isPositive();
        SseFrames sse = SseFrames.parse(http.postLines("/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\",\"stream\":true}"));
        assertThat(sse.last().data()).isEqualTo("[DONE]");
        String streamed = sse.frames().subList(0, sse.frames().size() - 1).stream()
                .map(f -> f.json().path("choices").get(0).path("text").asText()).collect(Collectors.joining());
        assertThat(streamed).isEqualTo(plain.path("choices").get(0).path("text").asText());
    }

    @Test
    void embeddingsAreUnitVectorsAndCountedInFlight() {
        JsonNode e = http.post("/v1/embeddings",
                "{\"model\":\"text-embedding-nomic-embed-text-v1.5\",\"input\":[\"a\",\"b\"]}").json();
        assertThat(e.path("object").asText()).isEqualTo("list");
        assertThat(e.path("data")).hasSize(2);
        double norm = 0;
        for (JsonNode v : e.path("data").get(0).path("embedding")) norm += v.asDouble() * v.asDouble();
        assertThat(norm).isCloseTo(1.0, Offset.offset(1e-3));
        assertThat(sim.control().counters().inFlight())
                .containsEntry("text-embedding-nomic-embed-text-v1.5",
                        new RequestCounters.InFlight(0, 1));
    }
}
