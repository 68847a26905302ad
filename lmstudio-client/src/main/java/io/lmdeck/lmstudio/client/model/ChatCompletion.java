package io.lmdeck.lmstudio.client.model;

/**
 * A finished chat completion (the whole answer, streamed or not).
 *
 * @param id           LM Studio's completion id
 * @param model        the instance that answered (may differ from the request: LM Studio sometimes answers with the only loaded model)
 * @param content      the assistant's text
 * @param reasoning    reasoning text (gpt-oss style {@code reasoning} deltas), empty when none
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}…, or null when the stream was cut
 * @param usage        token counts, or null when LM Studio did not send them
 */
public record ChatCompletion(String id, String model, String content, String reasoning, String finishReason, Usage usage) {
}
