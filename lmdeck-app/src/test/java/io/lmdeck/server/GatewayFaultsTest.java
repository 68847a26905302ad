package io.lmdeck.server;

import static io.lmdeck.server.GatewayEndToEndTest.chat;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's faults from issue 13, through the whole process with the simulator as LM Studio; each bounded. */
class GatewayFaultsTest {
    private RunningLmdeck deck;
    private OpenAIClient openai;

    private void start(RunningLmdeck.Builder builder) {
        deck = builder.start().awaitOnline();
        openai = OpenAIOkHttpClient.builder().baseUrl(deck.url() + "/v1").apiKey("lmdeck").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        if (openai != null) openai.close();
        if (deck != null) deck.close();
    }

    private boolean noGatewayRequests() {
        return TestHttp.json(deck.http().get("/api/requests")).get("requests").isEmpty();
    }

    @Test
    void aLoadThatFailsAnswersEveryWaitingRequestWith503AndTheReasonInItsDialect() {
        start(RunningLmdeck.builder());
        deck.sim().injectFailure(SMALL_MODEL, FailureMode.INSUFFICIENT_MEMORY);
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(deck.url().toString()).apiKey("lmdeck")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        try {
            List<CompletableFuture<?>> openAiCalls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                openAiCalls.add(CompletableFuture.runAsync(() -> openai.chat().completions().create(chat(SMALL_MODEL))));
            }
            CompletableFuture<?> anthropicCall = CompletableFuture.runAsync(() -> anthropic.messages().create(
                    MessageCreateParams.builder().model(SMALL_MODEL).maxTokens(16).addUserMessage("Hi").build()));
            for (CompletableFuture<?> call : openAiCalls) {
                assertThatThrownBy(call::join).cause().isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("not enough memory");
                });
            }
            assertThatThrownBy(anthropicCall::join).cause().isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.getMessage()).contains("not enough memory");
            });
        } finally {
            anthropic.close();
        }
        assertThat(deck.sim().jitLoads()).isZero();
        assertThat(deck.sim().instances()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(this::noGatewayRequests);
    }

    @Test
    void aClientThatLeavesWhileQueuedForALoadIsDroppedAtOnce() {
        start(RunningLmdeck.builder().loadSecondsPerGb(10)); // about 8 s: the client leaves long before
        StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat(SMALL_MODEL));
        await().atMost(Duration.ofSeconds(5)).until(() -> !noGatewayRequests());
        s.close();
        await().atMost(Duration.ofSeconds(2)).until(this::noGatewayRequests);
        assertThat(deck.sim().jitLoads()).isZero();
    }

    @Test
    void aClientThatLeavesMidStreamFreesItsSlotAtOnce() {
        start(RunningLmdeck.builder().tokenDelayMillis(300));
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat(SMALL_MODEL))) {
            assertThat(s.stream().iterator().next().model()).isEqualTo(SMALL_MODEL);
            assertThat(deck.sim().inFlight(SMALL_MODEL)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> noGatewayRequests() && deck.sim().inFlight(SMALL_MODEL) == 0);
    }

    @Test
    void aUserUnloadWhileRequestsRunDrainsThemFirst() {
        start(RunningLmdeck.builder().tokenDelayMillis(100));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat(SMALL_MODEL))) {
            Iterator<ChatCompletionChunk> chunks = s.stream().iterator();
            chunks.next();
            HttpResponse<String> unload = deck.http().post("/api/models/lmstudio/unload",
                    "{\"model_id\":\"" + SMALL_MODEL + "\"}");
            assertThat(unload.statusCode()).as(unload.body()).isEqualTo(202);
            assertThat(TestHttp.json(unload).path("state").asText()).isEqualTo("draining");
            assertThat(deck.sim().instances()).isNotEmpty(); // still there: the request runs on it
            chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isNotBlank(); // finished normally, no error frame
        await().atMost(Duration.ofSeconds(10)).until(() -> deck.sim().instances().isEmpty());
        assertThat(deck.sim().busyUnloads()).isEmpty();
    }

    @Test
    void lmStudioDyingMidStreamGivesTheClientAnErrorFrameWithinFiveSeconds() {
        start(RunningLmdeck.builder().tokenDelayMillis(200));
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat(SMALL_MODEL))) {
            Iterator<ChatCompletionChunk> chunks = s.stream().iterator();
            chunks.next();
            deck.sim().goOffline();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(() -> chunks.forEachRemaining(c -> { }))
                            .hasMessageContaining("LM Studio stopped answering"));
        }
        await().atMost(Duration.ofSeconds(5)).until(this::noGatewayRequests);
    }

    @Test
    void fiftyConcurrentRequestsForAnUnloadedModelCauseOneLoadAndNoJit() {
        start(RunningLmdeck.builder().loadSecondsPerGb(1));
        String body = "{\"model\":\"" + SMALL_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        TestHttp http = deck.http();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest request = http.builder("/v1/chat/completions", "Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60)).build();
            calls.add(http.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(calls).allSatisfy(c -> assertThat(c.join().statusCode()).as(c.join().body()).isEqualTo(200));
        assertThat(deck.sim().loadCalls()).isEqualTo(1);
        assertThat(deck.sim().jitLoads()).isZero();
        assertThat(deck.sim().maxInstancesOfOneModel()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(this::noGatewayRequests);
    }
}
