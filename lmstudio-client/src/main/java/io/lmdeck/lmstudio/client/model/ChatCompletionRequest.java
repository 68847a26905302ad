package io.lmdeck.lmstudio.client.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An OpenAI-compatible chat completion request ({@code POST /v1/chat/completions}).
 *
 * @param model       instance id or model key; an unloaded model is loaded just in time by LM Studio (when JIT is on)
 * @param messages    the conversation
 * @param temperature sampling temperature, or null
 * @param maxTokens   maximum tokens to generate, or null
 * @param topP        nucleus sampling, or null
 * @param seed        sampling seed, or null
 * @param stop        stop strings; empty for none
 * @param ttl         idle TTL if this request JIT-loads the model (LM Studio extension), or null
 */
public record ChatCompletionRequest(String model, List<ChatCompletionMessage> messages, Double temperature, Integer maxTokens, Double topP,
                          Long seed, List<String> stop, Duration ttl) {
    public ChatCompletionRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
    }

    /** A request with default sampling. */
    public static ChatCompletionRequest of(String model, List<ChatCompletionMessage> messages) {
        return new ChatCompletionRequest(model, messages, null, null, null, null, List.of(), null);
    }

    /** A one-message request. */
    public static ChatCompletionRequest of(String model, String userMessage) {
        return of(model, List.of(ChatCompletionMessage.user(userMessage)));
    }

    public ChatCompletionRequest withTemperature(Double value) {
        return new ChatCompletionRequest(model, messages, value, maxTokens, topP, seed, stop, ttl);
    }

    public ChatCompletionRequest withMaxTokens(Integer value) {
        return new ChatCompletionRequest(model, messages, temperature, value, topP, seed, stop, ttl);
    }

    public ChatCompletionRequest withTtl(Duration value) {
        return new ChatCompletionRequest(model, messages, temperature, maxTokens, topP, seed, stop, value);
    }
}
