package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official OpenAI and Anthropic Java SDKs, clients nobody here wrote, against the simulator directly: if they
 * parse its answers, the simulator's shapes are the real ones (as far as those SDKs check).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficialSdkTest {
    private static final String MODEL = "google/gemma-3-1b";
    private static final String EMBEDDING = "text-embedding-nomic-embed-text-v1.5";
    private LmStudioSimulator sim;
    private OpenAIClient openai;
    private AnthropicClient anthropic;

    @BeforeAll
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.01).tokenDelayMillis(0).build().start();
        openai = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl() + "/v1").apiKey("lm-studio").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(sim.baseUrl()).apiKey("lmstudio").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    void stop() {
        openai.close();
        anthropic.close();
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.control().reset();
        sim.control().tokenDelayMillis(0);
    }

    @Test
    void openAiListsEveryDownloadedModel() {
        List<String> ids = openai.models().list().data().stream().map(Model::id).collect(Collectors.toList());
        assertThat(ids).contains(MODEL, EMBEDDING);
        assertThat(openai.models().list().data().get(0).ownedBy()).isEqualTo("organization_owner");
    }

    @Test
    void openAiChatNotStreamed() {
        ChatCompletion c = openai.chat().completions().create(chat());
        assertThat(c.model()).isEqualTo(MODEL);
        assertThat(c.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("Simulated"));
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
    }

    @Test
    void openAiChatStreamed() {
        String whole = openai.chat().completions().create(chat()).choices().get(0).message().content().orElseThrow();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(chat())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo(whole);
    }

    @Test
    void openAiResponsesStreamedAndNot() {
        ResponseCreateParams params = ResponseCreateParams.builder().model(MODEL).input("Hello").build();
        Response r = openai.responses().create(params);
        String text = r.output().get(0).asMessage().content().get(0).asOutputText().text();
        assertThat(text).startsWith("Simulated");
        assertThat(r.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isPositive());
        StringBuilder streamed = new StringBuilder();
        boolean[] completed = {false};
        try (StreamResponse<ResponseStreamEvent> stream = openai.responses().createStreaming(params)) {
            stream.stream().forEach(e -> {
                e.outputTextDelta().ifPresent(d -> streamed.append(d.delta()));
                if (e.isCompleted()) completed[0] = true;
            });
        }
        assertThat(streamed.toString()).isEqualTo(text);
        assertThat(completed[0]).isTrue();
    }

    @Test
    void openAiEmbeddings() {
        List<Float> vector = openai.embeddings().create(EmbeddingCreateParams.builder().model(EMBEDDING)
                .input("hello").build()).data().get(0).embedding();
        assertThat(vector).hasSize(768);
    }

    @Test
    void openAiGetsATypedErrorForAnUnknownModel() {
        assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("nope/nothing").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                });
    }

    @Test
    void openAiStreamClosedEarlyFreesTheInstance() {
        sim.control().loadExternally(MODEL);
        sim.control().tokenDelayMillis(300);
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(chat())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            assertThat(chunks.next().model()).isEqualTo(MODEL);
            assertThat(sim.control().inFlight(MODEL)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> sim.control().inFlight(MODEL) == 0);
    }

    @Test
    void anthropicMessagesNotStreamed() {
        Message m = anthropic.messages().create(message(256));
        assertThat(m.model().asString()).isEqualTo(MODEL);
        assertThat(m.content().get(0).text()).hasValueSatisfying(t -> assertThat(t.text()).startsWith("Simulated"));
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();
    }

    @Test
    void anthropicMessagesStreamed() {
        StringBuilder text = new StringBuilder();
        StopReason[] stop = {null};
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
                     anthropic.messages().createStreaming(message(5))) {
            stream.stream().forEach(e -> {
                e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text()));
                e.messageDelta().flatMap(d -> d.delta().stopReason()).ifPresent(r -> stop[0] = r);
            });
        }
        assertThat(text.toString()).startsWith("Simulated");
        assertThat(stop[0]).isEqualTo(StopReason.MAX_TOKENS);
    }

    @Test
    void anthropicGetsATypedErrorForAnUnknownModel() {
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("nope/nothing")
                .maxTokens(5).addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(com.anthropic.errors.BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.apiMessage()).hasValueSatisfying(msg -> assertThat(msg).contains("nope/nothing"));
                });
    }

    private static ChatCompletionCreateParams chat() {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Hello").build();
    }

    private static MessageCreateParams message(long maxTokens) {
        return MessageCreateParams.builder().model(MODEL).maxTokens(maxTokens).addUserMessage("Hello").build();
    }
}
