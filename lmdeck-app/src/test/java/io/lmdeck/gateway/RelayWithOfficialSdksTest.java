package io.lmdeck.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's pieces (ModelField, Dialect, Forwarder/Relay, ServletSink) composed into a bare test route, with
 * the official OpenAI and Anthropic SDKs as callers and the simulator as LM Studio. The real routes (queues,
 * leases, loads) come later; this proves the pass-through itself is faithful enough for clients nobody here wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayWithOfficialSdksTest {
    private static final String MODEL = "google/gemma-3-1b";
    private static final String EMBEDDING = "text-embedding-nomic-embed-text-v1.5";
    /** The test route's only alias: proves the model the client named is replaced on the way. */
    private static final Map<String, String> ALIASES = Map.of("fast", MODEL);
    private static final Set<String> KNOWN = Set.of(MODEL, EMBEDDING);
    private LmStudioSimulator sim;
    private Javalin gateway;
    private OpenAIClient openai;
    private AnthropicClient anthropic;

    @BeforeAll
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.01).tokenDelayMillis(0).build().start();
        Forwarder forwarder = new Forwarder(Forwarder.defaultClient(), URI.create(sim.baseUrl()), null);
        gateway = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            for (Endpoint endpoint : Endpoint.values()) {
                cfg.routes.post(endpoint.path(), ctx -> forward(ctx, endpoint, forwarder));
            }
        }).start("127.0.0.1", 0);
        String base = "http://127.0.0.1:" + gateway.port();
        openai = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("lmdeck").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(base).apiKey("lmdeck").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static void forward(Context ctx, Endpoint endpoint, Forwarder forwarder) throws Exception {
        byte[] body = ctx.bodyAsBytes();
        ModelField.Found found;
        try {
            found = ModelField.find(body);
        } catch (MalformedRequestException e) {
            answer(ctx, endpoint.dialect().malformed(e));
            return;
        }
        String target = ALIASES.getOrDefault(found.model(), found.model());
        if (!KNOWN.contains(target)) {
            answer(ctx, endpoint.dialect().modelNotFound(found.model()));
            return;
        }
        forwarder.relay(endpoint, ModelField.replace(body, found, target), ctx.headerMap()).run(new ServletSink(ctx.res()));
    }

    private static void answer(Context ctx, GatewayError error) {
        error.headers().forEach(ctx::header);
        ctx.status(error.status()).contentType("application/json").result(error.body());
    }

    @AfterAll
    void stop() {
        openai.close();
        anthropic.close();
        gateway.stop();
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.control().reset();
        sim.control().tokenDelayMillis(0);
        sim.control().loadExternally(MODEL);
        sim.control().loadExternally(EMBEDDING);
    }

    @Test
    void chatThroughAnAliasStreamedAndNot() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("fast").addUserMessage("Hi").build();
        ChatCompletion c = openai.chat().completions().create(params);
        assertThat(c.model()).isEqualTo(MODEL);
        String whole = c.choices().get(0).message().content().orElseThrow();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(params)) {
            s.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).isEqualTo(whole);
        assertThat(sim.control().jitLoads()).isZero();
    }

    @Test
    void responsesStreamedAndNot() {
        ResponseCreateParams params = ResponseCreateParams.builder().model("fast").input("Hello").build();
        Response r = openai.responses().create(params);
        String text = r.output().get(0).asMessage().content().get(0).asOutputText().text();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> s = openai.responses().createStreaming(params)) {
            s.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> streamed.append(d.delta())));
        }
        assertThat(streamed.toString()).isEqualTo(text).startsWith("Simulated");
    }

    @Test
    void embeddings() {
        assertThat(openai.embeddings().create(EmbeddingCreateParams.builder().model(EMBEDDING).input("x").build())
                .data().get(0).embedding()).hasSize(768);
    }

    @Test
    void anthropicMessagesStreamedAndNot() {
        MessageCreateParams params = MessageCreateParams.builder().model("fast").maxTokens(64).addUserMessage("Hi").build();
        Message m = anthropic.messages().create(params);
        assertThat(m.model().asString()).isEqualTo(MODEL);
        StringBuilder streamed = new StringBuilder();
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> s = anthropic.messages().createStreaming(params)) {
            s.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> streamed.append(t.text())));
        }
        assertThat(streamed.toString()).isEqualTo(m.content().get(0).text().orElseThrow().text());
    }

    @Test
    void unknownModelsGetTheGatewaysTypedErrorInEachDialect() {
        assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("nope/none").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("nope/none")
                .maxTokens(5).addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(com.anthropic.errors.NotFoundException.class,
                        e -> assertThat(e.apiMessage()).hasValueSatisfying(msg -> assertThat(msg).contains("nope/none")));
        assertThat(sim.control().jitLoads()).isZero();
    }

    @Test
    void anSdkThatAbortsItsStreamStopsGenerationInLmStudio() {
        sim.control().tokenDelayMillis(300);
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("fast").addUserMessage("Hi").build();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(params)) {
            Iterator<ChatCompletionChunk> chunks = s.stream().iterator();
            assertThat(chunks.next().model()).isEqualTo(MODEL);
            assertThat(sim.control().inFlight(MODEL)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(4)).until(() -> sim.control().inFlight(MODEL) == 0);
    }
}
