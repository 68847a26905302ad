package io.lmdeck.chat;

import io.lmdeck.lmstudio.client.ChatListener;
import io.lmdeck.lmstudio.client.LmStudioClient;
import io.lmdeck.lmstudio.client.errors.ErrorKind;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** {@link ChatUpstream} over lmstudio-client's streamed OpenAI chat; cancelling the future aborts the HTTP request. */
public final class LmStudioChatUpstream implements ChatUpstream {
    private final LmStudioClient client;

    public LmStudioChatUpstream(LmStudioClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<ChatFinish> stream(String model, ChatRequest request, Consumer<String> onDelta) {
        CompletableFuture<ChatFinish> result = new CompletableFuture<>();
        io.lmdeck.lmstudio.client.model.ChatCompletionRequest upstream = new io.lmdeck.lmstudio.client.model.ChatCompletionRequest(
                model,
                request.messages().stream()
                        .map(m -> new io.lmdeck.lmstudio.client.model.ChatCompletionMessage(m.role(), m.content()))
                        .collect(Collectors.toList()),
                request.temperature(), request.maxTokens(), request.topP(), null, null, null);
        io.lmdeck.lmstudio.client.ChatCompletionStream stream;
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
                    result.completeExceptionally(new ChatUpstreamException(error.getMessage(), error.kind() == ErrorKind.OFFLINE, error));
                }
            });
        } catch (LmStudioException e) {
            result.completeExceptionally(new ChatUpstreamException(e.getMessage(), e.kind() == ErrorKind.OFFLINE, e));
            return result;
        }
        result.whenComplete((finish, error) -> {
            if (result.isCancelled()) {
                stream.cancel();
            }
        });
        return result;
    }
}
