package io.lmdeck.lmstudio.client.model;

/**
 * LM Studio's estimate of what loading a model with a given configuration needs (websocket {@code estimateModelUsage}).
 * LM Studio reports no live memory use anywhere; this is the only memory figure it gives before a load.
 *
 * @param confidence       {@code high} or {@code low}
 * @param modelVramBytes   GPU memory for the weights
 * @param contextVramBytes GPU memory for the context
 * @param totalVramBytes   GPU memory in total
 * @param modelBytes       memory for the weights (GPU + RAM)
 * @param contextBytes     memory for the context (GPU + RAM)
 * @param totalBytes       memory in total
 * @param passesGuardrails whether LM Studio's guardrail would let the load proceed
 */
public record ModelUsageEstimate(String confidence, long modelVramBytes, long contextVramBytes, long totalVramBytes,
                             long modelBytes, long contextBytes, long totalBytes, boolean passesGuardrails) {
}
