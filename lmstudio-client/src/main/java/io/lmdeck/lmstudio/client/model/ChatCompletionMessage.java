package io.lmdeck.lmstudio.client.model;

import java.util.Objects;

/** One chat message in OpenAI form: role ({@code system}, {@code user}, {@code assistant}) and text content. */
public record ChatCompletionMessage(String role, String content) {
    public ChatCompletionMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatCompletionMessage system(String content) {
        return new ChatCompletionMessage("system", content);
    }

    public static ChatCompletionMessage user(String content) {
        return new ChatCompletionMessage("user", content);
    }

    public static ChatCompletionMessage assistant(String content) {
        return new ChatCompletionMessage("assistant", content);
    }
}
