package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ModelNotFoundException;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.ChatCompletionRequest;
import io.lmdeck.lmstudio.client.model.EmbeddingResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.lmdeck.lmstudio.client.SimFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The OpenAI-compatible endpoints against the simulator: streamed chat token by token, cancel, embeddings. */
class OpenAiChatTest extends SimulatorTest {

    private static final class Tokens implements ChatListener {
        final List<String> tokens = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> first = new CompletableFuture<>();
        final CompletableFuture<ChatCompletion> completed = new CompletableFuture<>();
        final CompletableFuture<LmStudioException> failed = new CompletableFuture<>();

        @Override
        public void onToken(String text) {
            tokens.add(text);
            first.complete(null);
        }

        @Override
        public void onComplete(ChatCompletion completion) {
            completed.complete(completion);
        }

        @Override
        public void onError(LmStudioException error) {
            failed.complete(error);
        }
    }

    @Test
    void streamedChatArrivesTokenByToken() {
        f = SimFixture.start(s -> s.tokenDelayMillis(60), c -> { });
        Tokens listener = new Tokens();

        ChatCompletionStream stream = f.client.streamChat(ChatCompletionRequest.of(GEMMA, "Say something"), listener);
        listener.first.join();
        boolean doneAtFirstToken = stream.completion().isDone();
        ChatCompletion completion = stream.completion().join();

        assertThat(doneAtFirstToken).as("the first token is delivered before the answer is complete").isFalse();
        assertThat(listener.tokens).hasSizeGreaterThan(5);
        assertThat(String.join("", listener.tokens)).isEqualTo(completion.content());
        assertThat(completion.content()).startsWith("Simulated");
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(listener.completed.join()).isEqualTo(completion);
    }

    @Test
    void cancellingAStreamStopsTheRequestUpstream() {
        // At least 12 tokens, 250 ms apart: the reply would take 3 s or more if nobody stopped it.
        f = SimFixture.start(s -> s.tokenDelayMillis(250), c -> { });
        Tokens listener = new Tokens();

        ChatCompletionStream stream = f.client.streamChat(ChatCompletionRequest.of(GEMMA, "Tell me a long story"), listener);
        listener.first.join();
        assertThat(f.sim.control().instances()).singleElement()
                .satisfies(i -> assertThat(i.status()).isEqualTo("generating"));
        stream.cancel();
        int seen = listener.tokens.size();

        assertThat(failureOf(stream.completion())).isInstanceOf(CancelledException.class);
        assertThat(listener.failed.join()).isInstanceOf(CancelledException.class);
        await().atMost(Duration.ofMillis(1500)).untilAsserted(() -> assertThat(f.sim.control().instances())
                .singleElement().satisfies(i -> assertThat(i.status()).isEqualTo("idle")));
        assertThat(listener.tokens).hasSize(seen);
        assertThat(listener.completed).isNotDone();
    }

    @Test
    void unknownModelIsModelNotFoundWithLmStudiosSuggestions() {
        f = SimFixture.start();
        Tokens listener = new Tokens();

        ChatCompletionStream stream = f.client.streamChat(ChatCompletionRequest.of("gemma-3-1b", "hi"), listener);

        Throwable error = failureOf(stream.completion());
        assertThat(error).isInstanceOf(ModelNotFoundException.class);
        assertThat(((ModelNotFoundException) error).httpStatus()).contains(400);
        assertThat(listener.failed.join()).isSameAs(error);
        assertThatThrownBy(() -> f.client.chat(ChatCompletionRequest.of("gemma-3-1b", "hi")))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void plainChatEmbeddingsAndModelList() {
        f = SimFixture.start(s -> s.tokenDelayMillis(0), c -> { });

        ChatCompletion answer = f.client.chat(ChatCompletionRequest.of(GEMMA, "hello").withMaxTokens(5));
        EmbeddingResult embedding = f.client.embed("text-embedding-nomic-embed-text-v1.5", List.of("one", "two"));
        List<String> ids = f.client.openAiModels();

        assertThat(answer.content()).isNotEmpty();
        assertThat(answer.finishReason()).isEqualTo("length");
        assertThat(embedding.vectors()).hasSize(2);
        assertThat(embedding.vectors().get(0)).isNotEmpty();
        assertThat(ids).contains(GEMMA, "text-embedding-nomic-embed-text-v1.5");
    }
}
