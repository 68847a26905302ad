package io.lmdeck.lmstudio.client.model;

/**
 * How a model is loaded. Every field is optional (null = LM Studio's default for that model).
 *
 * <p>Transports differ: REST v1 load accepts only {@code contextLength}, {@code evalBatchSize},
 * {@code flashAttention}, {@code numExperts} and {@code offloadKvCacheToGpu}; the client never sends other keys there
 * (LM Studio answers 400 "Unrecognized key(s)"). {@code gpuOffload} and {@code parallel} go only over the websocket.
 *
 * @param contextLength       context window in tokens
 * @param gpuOffload          GPU offload ratio or max (websocket only)
 * @param parallel            maximum parallel predictions (websocket only)
 * @param evalBatchSize       llama.cpp evaluation batch size
 * @param flashAttention      llama.cpp flash attention
 * @param numExperts          experts to use for MoE models (llama.cpp)
 * @param offloadKvCacheToGpu keep the KV cache on the GPU (llama.cpp)
 */
public record LoadConfig(Integer contextLength, GpuOffloadRatio gpuOffload, Integer parallel, Integer evalBatchSize,
                         Boolean flashAttention, Integer numExperts, Boolean offloadKvCacheToGpu) {
    public LoadConfig {
        requirePositive("contextLength", contextLength);
        requirePositive("parallel", parallel);
        requirePositive("evalBatchSize", evalBatchSize);
        requirePositive("numExperts", numExperts);
    }

    /** LM Studio's defaults for everything. */
    public static LoadConfig defaults() {
        return new LoadConfig(null, null, null, null, null, null, null);
    }

    public LoadConfig withContextLength(Integer value) {
        return new LoadConfig(value, gpuOffload, parallel, evalBatchSize, flashAttention, numExperts, offloadKvCacheToGpu);
    }

    public LoadConfig withGpuOffload(GpuOffloadRatio value) {
        return new LoadConfig(contextLength, value, parallel, evalBatchSize, flashAttention, numExperts, offloadKvCacheToGpu);
    }

    public LoadConfig withParallel(Integer value) {
        return new LoadConfig(contextLength, gpuOffload, value, evalBatchSize, flashAttention, numExperts, offloadKvCacheToGpu);
    }

    public LoadConfig withEvalBatchSize(Integer value) {
        return new LoadConfig(contextLength, gpuOffload, parallel, value, flashAttention, numExperts, offloadKvCacheToGpu);
    }

    public LoadConfig withFlashAttention(Boolean value) {
        return new LoadConfig(contextLength, gpuOffload, parallel, evalBatchSize, value, numExperts, offloadKvCacheToGpu);
    }

    public LoadConfig withNumExperts(Integer value) {
        return new LoadConfig(contextLength, gpuOffload, parallel, evalBatchSize, flashAttention, value, offloadKvCacheToGpu);
    }

    public LoadConfig withOffloadKvCacheToGpu(Boolean value) {
        return new LoadConfig(contextLength, gpuOffload, parallel, evalBatchSize, flashAttention, numExperts, value);
    }

    /** True when a setting is present that only the websocket can send (GPU offload, parallel). */
    public boolean needsWebsocket() {
        return gpuOffload != null || parallel != null;
    }

    private static void requirePositive(String name, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
