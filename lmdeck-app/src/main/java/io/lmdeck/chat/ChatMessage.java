package io.lmdeck.chat;

/** One OpenAI chat message: {@code role} is system, user, assistant or tool. */
public record ChatMessage(String role, String content) {
}
