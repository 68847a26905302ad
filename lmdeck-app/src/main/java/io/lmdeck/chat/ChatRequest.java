package io.lmdeck.chat;

import java.util.List;

/** What {@code POST /api/chat} forwards upstream; sampling options are null when not given. */
public record ChatRequest(List<ChatMessage> messages, Double temperature, Integer maxTokens, Double topP) {
    public ChatRequest {
        messages = List.copyOf(messages);
    }
}
