package io.lmdeck.chat;

/** How a streamed reply ended; token counts are null when LM Studio did not report usage. */
public record ChatFinish(String finishReason, Integer promptTokens, Integer completionTokens) {
}
