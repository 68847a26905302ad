package io.lmdeck.lmstudio.sim.engine;

/**
 * What a load asks for. Null means "the model's default". {@code identifier} null means "key, or key:N if taken";
 * a non-null identifier that is already in use makes the load fail (the SDK's identifier rule).
 */
public record LoadSettings(
        String identifier,
        Integer contextLength,
        Integer parallel,
        Boolean flashAttention,
        Integer evalBatchSize,
        Double offloadRatio,
        Integer numExperts,
        Boolean offloadKvCacheToGpu,
        Long ttlMs) {

    public static LoadSettings defaults() {
        return new LoadSettings(null, null, null, null, null, null, null, null, null);
    }

    public LoadSettings withContextLength(Integer value) {
        return new LoadSettings(identifier, value, parallel, flashAttention, evalBatchSize, offloadRatio, numExperts,
                offloadKvCacheToGpu, ttlMs);
    }

    public LoadSettings withTtlMs(Long value) {
        return new LoadSettings(identifier, contextLength, parallel, flashAttention, evalBatchSize, offloadRatio,
                numExperts, offloadKvCacheToGpu, value);
    }
}
