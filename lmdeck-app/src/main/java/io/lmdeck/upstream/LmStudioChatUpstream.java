package io.lmdeck.upstream;

import io.lmdeck.chat.ChatFinish;
import io.lmdeck.chat.ChatRequest;
import io.lmdeck.chat.ChatUpstream;
import io.lmdeck.chat.ChatUpstreamException;
import io.lmdeck.lmstudio.client.ChatCompletionStream;
import io.lmdeck.lmstudio.client.ChatListener;
import io.lmdeck.lmstudio.client.LmStudioClient;
import io.lmdeck.lmstudio.client.errors.ErrorKind;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.ChatCompletionMessage;
import io.lmdeck.lmstudio.client.model.ChatCompletionRequest;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** {@link ChatUpstream} over lmstudio-client's streamed OpenAI chat; cancelling the future aborts the HTTP request. */
public final class LmStudioChatUpstream implements ChatUpstream, AutoCloseable {
    private final LmStudioClient client;

    private LmStudioChatUpstream(LmStudioClient client) {
        this.client = client;
    }

    /**
     * Chat with LM Studio at {@code baseUrl} ({@code token}: LM Studio's API token, or null). It has a client of its
     * own, with the client's default limits: streamed replies must not share the loads' client, tuned for loads
     * that take many minutes.
     */
    public static LmStudioChatUpstream connect(URI baseUrl, String token) {
        return new LmStudioChatUpstream(LmStudioClient.builder().baseUrl(baseUrl).apiToken(token).build());
    }

    @Override
    public CompletableFuture<ChatFinish> stream(String model, ChatRequest request, Consumer<String> onDelta) {
        CompletableFuture<ChatFinish> result = new CompletableFuture<>();
        ChatCompletionRequest upstream = new ChatCompletionRequest(
                model,
                request.messages().stream().map(m -> new ChatCompletionMessage(m.role(), m.content())).toList(),
                request.temperature(), request.maxTokens(), request.topP(), null, null, null);
        ChatCompletionStream stream;
        try {
            stream = client.streamChat(upstream, new ChatListener() {
                @Override
                public void onToken(String text) {
                    onDelta.accept(text);
                }

                @Override
                public void onComplete(ChatCompletion completion) {
                    result.complete(new ChatFinish(completion.finishReason(),
                            completion.usage() == null ? null : completion.usage().promptTokens(),
                            completion.usage() == null ? null : completion.usage().completionTokens()));
                }

                @Override
                public void onError(LmStudioException error) {
                    result.completeExceptionally(failure(error));
                }
            });
        } catch (LmStudioException e) {
            result.completeExceptionally(failure(e));
            return result;
        }
        result.whenComplete((finish, error) -> {
            if (result.isCancelled()) {
                stream.cancel();
            }
        });
        return result;
    }

    @Override
    public void close() {
        client.close();
    }

    private static ChatUpstreamException failure(LmStudioException error) {
        return new ChatUpstreamException(error.getMessage(), error.kind() == ErrorKind.OFFLINE, error);
    }
}
