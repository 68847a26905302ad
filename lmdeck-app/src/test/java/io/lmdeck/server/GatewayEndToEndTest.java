package io.lmdeck.server;

import static io.lmdeck.server.RunningLmdeck.OTHER_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.lmdeck.http.TestHttp;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway through the whole process (lifecycle, routes, forwarder, simulator as LM Studio), as the official
 * OpenAI and Anthropic Java SDKs see it: models are loaded on demand by lmdeck, never by LM Studio's JIT, and a
 * gateway load neither changes nor replaces the active model of lmdeck's own chat.
 */
class GatewayEndToEndTest {
    private RunningLmdeck deck;
    private OpenAIClient openai;

    @BeforeEach
    void start() {
        deck = RunningLmdeck.start();
        openai = OpenAIOkHttpClient.builder().baseUrl(deck.url() + "/v1").apiKey("lmdeck").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        openai.close();
        deck.close();
    }

    @Test
    void openAiSdkLoadsOnDemandOnceAndSwapsBetweenTwoModels() {
        deck.awaitOnline();
        assertThat(openai.models().list().data().stream().map(Model::id).toList()).contains(SMALL_MODEL, OTHER_MODEL);
        assertThat(deck.sim().loadCalls()).isZero();

        ChatCompletion whole = openai.chat().completions().create(chat(SMALL_MODEL));
        assertThat(whole.model()).isEqualTo(SMALL_MODEL);
        assertThat(whole.choices().get(0).message().content().orElseThrow()).isNotBlank();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat(SMALL_MODEL))) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).isNotBlank();
        assertThat(deck.sim().loadCalls()).isEqualTo(1);
        assertThat(deck.sim().jitLoads()).isZero();
        assertThat(deck.status().path("active_model").path("model_id").asText("")).isNotEqualTo(SMALL_MODEL);

        ChatCompletion other = openai.chat().completions().create(chat(OTHER_MODEL));
        assertThat(other.model()).isEqualTo(OTHER_MODEL);
        assertThat(deck.sim().loadCalls()).isEqualTo(2);
        assertThat(deck.sim().jitLoads()).isZero();
        assertThat(deck.sim().maxInstancesOfOneModel()).isEqualTo(1);
        assertThat(deck.status().path("active_model").path("model_id").asText("")).isNotIn(SMALL_MODEL, OTHER_MODEL);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(gatewayLoads()).contains(SMALL_MODEL, OTHER_MODEL));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                TestHttp.json(deck.http().get("/api/requests")).get("requests").isEmpty());
    }

    @Test
    void anthropicSdkMessages() {
        deck.awaitOnline();
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(deck.url().toString()).apiKey("lmdeck")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        try {
            Message m = anthropic.messages().create(MessageCreateParams.builder().model(SMALL_MODEL).maxTokens(64)
                    .addUserMessage("Hi").build());
            assertThat(m.model().asString()).isEqualTo(SMALL_MODEL);
            assertThat(m.content().get(0).text().orElseThrow().text()).isNotBlank();
        } finally {
            anthropic.close();
        }
        assertThat(deck.sim().loadCalls()).isEqualTo(1);
        assertThat(deck.sim().jitLoads()).isZero();
    }

    @Test
    void aGatewayLoadUsesTheModelsPreset() {
        deck.awaitOnline();
        putPreset(SMALL_MODEL, "{\"context_length\":6144,\"aliases\":[\"small\"]}");
        assertThat(openai.chat().completions().create(chat("small")).model()).isEqualTo(SMALL_MODEL);
        assertThat(deck.sim().instances()).singleElement()
                .satisfies(i -> assertThat(i.contextLength()).isEqualTo(6144));
        assertThat(deck.sim().loadCalls()).isEqualTo(1);
    }

    @Test
    void aPresetsParallelCapsTheRequestsRunningAtOnce() {
        deck.awaitOnline();
        deck.sim().tokenDelayMillis(100);
        putPreset(SMALL_MODEL, "{\"parallel\":1}");
        List<StreamResponse<ChatCompletionChunk>> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) streams.add(openai.chat().completions().createStreaming(chat(SMALL_MODEL)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(requestStates())
                    .containsExactlyInAnyOrder("running", "queued"));
            assertThat(deck.sim().inFlight(SMALL_MODEL)).isEqualTo(1);
        } finally {
            streams.forEach(StreamResponse::close);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> requestStates().isEmpty());
    }

    @Test
    void twoModelsThatDoNotFitTogetherAreSwappedByTheGatewayInTurn(@TempDir Path dataDir) {
        // The bundled simulator (24 GB): Gemma 3 12B and Qwen3 32B do not fit together.
        String gemma12b = "google/gemma-3-12b";
        String qwen32b = "qwen/qwen3-32b";
        try (LmdeckServer server = LmdeckServer.start(new ServerOptions(0, "127.0.0.1", null, null, dataDir, null,
                null, null, null, true, List.of()), ServerTuning.DEFAULTS.withLifecyclePollInterval(Duration.ofMillis(200)))) {
            server.simulator().control().loadSecondsPerGb(0.02);
            TestHttp http = new TestHttp(server.url());
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    TestHttp.json(http.get("/api/models/lmstudio/status")).path("lmstudio").path("online").asBoolean());
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey("lmdeck")
                    .maxRetries(0).timeout(Duration.ofSeconds(60)).build();
            try {
                assertThat(client.chat().completions().create(chat(gemma12b)).model()).isEqualTo(gemma12b);
                assertThat(client.chat().completions().create(chat(qwen32b)).model()).isEqualTo(qwen32b);
            } finally {
                client.close();
            }
            assertThat(server.simulator().control().instances()).extracting(i -> i.modelKey()).containsExactly(qwen32b);
            assertThat(server.simulator().control().jitLoads()).isZero();
            assertThat(server.simulator().control().busyUnloads()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<String> gatewayEvents = new ArrayList<>();
                for (JsonNode item : TestHttp.json(http.get("/api/activity?limit=100")).get("items")) {
                    if ("gateway".equals(item.path("cause").asText())) {
                        gatewayEvents.add(item.path("type").asText() + " " + item.path("model_id").asText());
                    }
                }
                assertThat(gatewayEvents).contains("model_loading_complete " + gemma12b, "model_unloaded " + gemma12b,
                        "model_loading_complete " + qwen32b);
            });
        }
    }

    private void putPreset(String modelId, String json) {
        HttpResponse<String> stored = deck.http().send(deck.http().builder("/api/presets/" + modelId)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    }

    private List<String> requestStates() {
        return TestHttp.json(deck.http().get("/api/requests")).get("requests").findValuesAsText("state");
    }

    /** Models of the activity log's load events whose cause is {@code gateway}. */
    private List<String> gatewayLoads() {
        List<String> models = new ArrayList<>();
        for (JsonNode item : TestHttp.json(deck.http().get("/api/activity?limit=100")).get("items")) {
            if ("gateway".equals(item.path("cause").asText()) && item.path("type").asText().startsWith("model_load")) {
                models.add(item.path("model_id").asText());
            }
        }
        return models;
    }

    static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi").build();
    }
}
