package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiInferenceTest {
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
            + "\"stream\":%s%s}";
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
    void streamedChatIsOpenAiChunksEndingWithDone() throws Exception {
        List<String> lines = http.postLines("/v1/chat/completions", String.format(CHAT, "google/gemma-3-1b", true,
                ",\"stream_options\":{\"include_usage\":true}"));
        List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6))
                .collect(Collectors.toList());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        assertThat(data).hasSizeGreaterThan(3);
        StringBuilder text = new StringBuilder();
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode chunk = SimHttp.JSON.readTree(d);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).startsWith("chatcmpl-");
            assertThat(chunk.path("created").isIntegralNumber()).isTrue();
            assertThat(chunk.path("model").asText()).isEqualTo("google/gemma-3-1b");
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("index").asInt()).isZero();
            text.append(choice.path("delta").path("content").asText(""));
        }
        JsonNode last = SimHttp.JSON.readTree(data.get(data.size() - 2));
        assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.path("usage").path("total_tokens").asInt()).isPositive();
        assertThat(text.toString()).isNotBlank();
        // JIT loaded it with the default 60 min TTL.
        assertThat(sim.control().instances()).singleElement()
                .satisfies(i -> assertThat(i.ttlMs()).isEqualTo(3_600_000L))
                .satisfies(i -> assertThat(i.jit()).isTrue());
    }

    @Test
    void nonStreamedChatAndDeterministicText() {
        JsonNode a = http.post("/v1/chat/completions", String.format(CHAT, "google/gemma-3-1b", false, "")).json();
        JsonNode b = http.post("/v1/chat/completions", String.format(CHAT, "google/gemma-3-1b", false, "")).json();
        assertThat(a.path("object").asText()).isEqualTo("chat.completion");
        assertThat(a.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(a.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo(b.path("choices").get(0).path("message").path("content").asText());
        assertThat(sim.control().instances()).hasSize(1);
    }

    @Test
    void repliesReadAsPlainSentences() {
        for (String prompt : List.of("Hello", "What is lmdeck?", "Tell me a story", "2+2")) {
            String body = "{\"model\":\"google/gemma-3-1b\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                    + "\"}]}";
            String text = http.post("/v1/chat/completions", body).json().path("choices").get(0).path("message")
                    .path("content").asText();
            // "Simulated reply from google/gemma-3-1b." then whole sentences, each capitalised and ending with a full
            // stop; not a shuffle of words.
            assertThat(text).as(prompt).matches("Simulated reply from google/gemma-3-1b\\.( [A-Z][^.]*\\.)+");
            assertThat(text.split(" ").length).as(prompt).isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void unknownModelAndNoJitErrors() {
        SimHttp.Reply unknown = http.post("/v1/chat/completions", String.format(CHAT, "nope/nothing", false, ""));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(unknown.json().path("error").path("message").asText())
                .startsWith("Invalid model identifier \"nope/nothing\". Please specify a valid downloaded model (e.g., ");
        sim.control().jit(false);
        SimHttp.Reply none = http.post("/v1/chat/completions", String.format(CHAT, "google/gemma-3-1b", false, ""));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().path("error").path("message").asText()).startsWith("No models loaded.");
        assertThat(none.json().path("error").path("code").isNull()).isTrue();
        assertThat(sim.control().loadCalls()).isZero();
    }

    @Test
    void legacyCompletionsStreamAndNot() {
        JsonNode r = http.post("/v1/completions", "{\"model\":\"google/gemma-3-1b\",\"prompt\":\"Once\",\"max_tokens\":5}").json();
        assertThat(r.path("object").asText()).isEqualTo("text_completion");
        assertThat(r.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(r.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        List<String> data = http.postLines("/api/v0/completions",
                "{\"model\":\"google/gemma-3-1b\",\"prompt\":\"Once\",\"stream\":true}").stream()
                .filter(l -> l.startsWith("data: ")).collect(Collectors.toList());
        assertThat(data.get(data.size() - 1)).isEqualTo("data: [DONE]");
        assertThat(http.post("/v1/completions", "{\"model\":\"google/gemma-3-1b\"}").status()).isEqualTo(400);
    }

    @Test
    void singleLoadedModelCanAnswerAnyNameWhenTheQuirkIsOn() {
        sim.control().loadExternally("google/gemma-3-1b");
        sim.control().singleModelAnswersAnyName(true);
        JsonNode r = http.post("/v1/chat/completions", String.format(CHAT, "some/other-model", false, "")).json();
        assertThat(r.path("model").asText()).isEqualTo("google/gemma-3-1b");
        sim.control().singleModelAnswersAnyName(false);
        assertThat(http.post("/v1/chat/completions", String.format(CHAT, "some/other-model", false, "")).status())
                .isEqualTo(400);
    }

    @Test
    void malformedInferenceBodiesGetOpenAiErrors() {
        SimHttp.Reply notJson = http.post("/v1/chat/completions", "{oops");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        SimHttp.Reply noMessages = http.post("/v1/chat/completions", "{\"model\":\"google/gemma-3-1b\"}");
        assertThat(noMessages.status()).isEqualTo(400);
        assertThat(noMessages.json().path("error").path("param").asText()).isEqualTo("messages");
        SimHttp.Reply badTokens = http.post("/v1/chat/completions",
                "{\"model\":\"google/gemma-3-1b\",\"messages\":[],\"max_tokens\":\"many\"}");
        assertThat(badTokens.status()).isEqualTo(400);
        assertThat(sim.control().loadCalls()).isZero();
    }

    @Test
    void unloadingDuringAStreamEndsItWithAnError() throws Exception {
        sim.control().tokenDelayMillis(100);
        sim.control().loadExternally("google/gemma-3-1b");
        java.util.concurrent.CompletableFuture<List<String>> stream = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> http.postLines("/v1/chat/completions", String.format(CHAT, "google/gemma-3-1b", true, "")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> "generating".equals(sim.control().instances().get(0).status()));
        sim.control().unloadExternally("google/gemma-3-1b");
        List<String> data = stream.get(10, java.util.concurrent.TimeUnit.SECONDS).stream()
                .filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).collect(Collectors.toList());
        JsonNode last = SimHttp.JSON.readTree(data.get(data.size() - 1));
        assertThat(last.path("error").path("message").asText()).isEqualTo("Model unloaded.");
        assertThat(data).doesNotContain("[DONE]");
    }
}
