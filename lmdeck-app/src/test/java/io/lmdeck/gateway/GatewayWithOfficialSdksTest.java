package io.lmdeck.gateway;

import static io.lmdeck.gateway.GatewayFixture.EMBEDDING;
import static io.lmdeck.gateway.GatewayFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.lmdeck.http.HttpSettings;
import io.lmdeck.http.fakes.FakeLifecycle;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * lmdeck's gateway as the official OpenAI and Anthropic Java SDKs see it: a full HTTP API on a fake lifecycle (which
 * hands out slots and pretends to load), with the simulator as LM Studio behind it.
 */
class GatewayWithOfficialSdksTest extends SimulatedLmStudio {
    private GatewayFixture gw;
    private OpenAIClient openai;
    private AnthropicClient anthropic;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(sim, HttpSettings.loopback(0));
        openai = gw.openai();
        anthropic = gw.anthropic("lmdeck");
    }

    @AfterEach
    void stop() {
        openai.close();
        anthropic.close();
        gw.close();
    }

    /** The model is loaded in LM Studio and the lifecycle knows it. */
    private void loaded(String model) {
        sim.control().loadExternally(model);
        gw.lifecycle.alreadyLoaded(model);
    }

    @Test
    void listsEveryLlmAndEmbeddingModelAndEveryAlias() {
        int loadsBefore = sim.control().loadCalls();
        List<String> ids = openai.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).containsExactlyInAnyOrder(FakeLifecycle.QWEN, FakeLifecycle.LLAMA, MODEL, EMBEDDING, "fast");
        assertThat(openai.models().list().data()).allSatisfy(m -> assertThat(m.ownedBy()).isNotBlank());
        assertThat(sim.control().loadCalls()).isEqualTo(loadsBefore); // from lmdeck's state: nothing reached LM Studio
        assertThat(sim.control().jitLoads()).isZero();
    }

    @Test
    void chatThroughAnAliasAndKeyAtDefaultStreamedAndNot() {
        loaded(MODEL);
        ChatCompletion c = openai.chat().completions().create(chat("fast"));
        assertThat(c.model()).isEqualTo(MODEL);
        String whole = c.choices().get(0).message().content().orElseThrow();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat(MODEL + "@default"))) {
            s.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).isEqualTo(whole);
        assertThat(sim.control().jitLoads()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.lifecycle.gateway.runningCount() == 0);
        assertThat(gw.lifecycle.loadCalls).isEmpty();
    }

    @Test
    void responsesStreamedAndNot() {
        loaded(MODEL);
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
        loaded(EMBEDDING);
        assertThat(openai.embeddings().create(EmbeddingCreateParams.builder().model(EMBEDDING).input("x").build())
                .data().get(0).embedding()).hasSize(768);
    }

    @Test
    void anthropicMessagesStreamedAndNot() {
        loaded(MODEL);
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
    void unknownModelsGetATypedNotFoundInEachDialect() {
        for (String unknown : List.of("nope/none", MODEL + "@elsewhere")) {
            assertThatThrownBy(() -> openai.chat().completions().create(chat(unknown)))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
        }
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("nope/none")
                .maxTokens(5).addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(com.anthropic.errors.NotFoundException.class,
                        e -> assertThat(e.apiMessage()).hasValueSatisfying(msg -> assertThat(msg).contains("nope/none")));
        assertThat(gw.lifecycle.gatewayRequests()).isEmpty();
        assertThat(sim.control().jitLoads()).isZero();
    }

    @Test
    void anAbortedStreamStopsGenerationAndFreesItsSlot() {
        loaded(MODEL);
        sim.control().tokenDelayMillis(300);
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat("fast"))) {
            Iterator<ChatCompletionChunk> chunks = s.stream().iterator();
            assertThat(chunks.next().model()).isEqualTo(MODEL);
            assertThat(sim.control().inFlight(MODEL)).isEqualTo(1);
            assertThat(gw.lifecycle.gateway.runningCount()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(4)).until(() -> sim.control().inFlight(MODEL) == 0
                && gw.lifecycle.gateway.runningCount() == 0);
        assertThat(gw.lifecycle.gatewayRequests()).isEmpty();
    }

    @Test
    void aRevokedSlotEndsItsStreamWithAnErrorFrameThatSaysWhyInEachDialect() {
        loaded(MODEL);
        sim.control().tokenDelayMillis(300);
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat("fast"))) {
            Iterator<ChatCompletionChunk> chunks = s.stream().iterator();
            assertThat(chunks.next().model()).isEqualTo(MODEL);
            gw.lifecycle.gateway.revokeAll("lmdeck unloads Gemma 3 1B (drain timeout)");
            assertThatThrownBy(() -> chunks.forEachRemaining(c -> { }))
                    .hasMessageContaining("drain timeout");
        }
        await().atMost(Duration.ofSeconds(4)).until(() -> sim.control().inFlight(MODEL) == 0);

        MessageCreateParams params = MessageCreateParams.builder().model("fast").maxTokens(64).addUserMessage("Hi").build();
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> s = anthropic.messages().createStreaming(params)) {
            Iterator<RawMessageStreamEvent> events = s.stream().iterator();
            events.next();
            gw.lifecycle.gateway.revokeAll("Gemma 3 1B was unloaded");
            assertThatThrownBy(() -> events.forEachRemaining(e -> { })).hasMessageContaining("was unloaded");
        }
        await().atMost(Duration.ofSeconds(4)).until(() -> sim.control().inFlight(MODEL) == 0);
        assertThat(gw.lifecycle.gatewayRequests()).isEmpty();
    }

    @Test
    void concurrentRequestsForAnUnloadedModelWaitForOneLoad() {
        List<CompletableFuture<ChatCompletion>> calls = List.of(
                CompletableFuture.supplyAsync(() -> openai.chat().completions().create(chat("fast"))),
                CompletableFuture.supplyAsync(() -> openai.chat().completions().create(chat(MODEL))),
                CompletableFuture.supplyAsync(() -> openai.chat().completions().create(chat("fast"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.lifecycle.gateway.queuedCount() == 3);
        assertThat(gw.lifecycle.loadCalls).containsExactly(MODEL);
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        sim.control().loadExternally(MODEL); // what the lifecycle's load does in LM Studio
        gw.lifecycle.completeLoad();
        assertThat(calls).allSatisfy(c -> assertThat(c.join().model()).isEqualTo(MODEL));
        assertThat(gw.lifecycle.loadCalls).containsExactly(MODEL);
        assertThat(sim.control().jitLoads()).isZero();
    }

    @Test
    void aFailedLoadAnswersEveryWaitingRequestWith503AndTheReason() {
        List<CompletableFuture<ChatCompletion>> calls = List.of(
                CompletableFuture.supplyAsync(() -> openai.chat().completions().create(chat("fast"))),
                CompletableFuture.supplyAsync(() -> openai.chat().completions().create(chat("fast"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.lifecycle.gateway.queuedCount() == 2);
        gw.lifecycle.failLoad("insufficient_memory");
        assertThat(calls).allSatisfy(c -> assertThatThrownBy(c::join).hasCauseInstanceOf(InternalServerException.class)
                .cause().satisfies(e -> {
                    assertThat(((InternalServerException) e).statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("insufficient_memory");
                }));
        assertThat(sim.control().jitLoads()).isZero();
    }

    private static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi").build();
    }
}
