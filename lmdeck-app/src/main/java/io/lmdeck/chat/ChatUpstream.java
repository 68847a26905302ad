package io.lmdeck.chat;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The streamed OpenAI-compatible chat of LM Studio ({@code POST /v1/chat/completions}, {@code stream:true}).
 * Implemented over lmstudio-client by {@code io.lmdeck.upstream.LmStudioChatUpstream}; tests use a fake.
 */
public interface ChatUpstream {
    /**
     * Starts a streamed completion with {@code model} as the OpenAI {@code model} field (the leased instance id).
     * Each content delta goes to {@code onDelta}, in order, on the upstream's thread. The future completes when
     * the reply ends, exceptionally with {@link ChatUpstreamException} on failure. Cancelling the future must stop
     * the upstream HTTP request (that is how a client disconnect reaches LM Studio).
     */
    CompletableFuture<ChatFinish> stream(String model, ChatRequest request, Consumer<String> onDelta);
}
