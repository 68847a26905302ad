package io.lmdeck.lmstudio.sim.engine;

/**
 * Immutable snapshot of one loaded model instance.
 *
 * @param identifier the instance id used everywhere (REST v1 instance_id, v0 id, ws identifier, OpenAI model)
 * @param instanceReference opaque per-load reference (SDK {@code instanceReference})
 * @param ttlMs idle time-to-live, null when the instance never expires
 * @param lastUsedTime epoch millis of the last inference, null when never used
 * @param jit true when it was loaded just-in-time by an inference request (only those are auto-evicted)
 * @param status "idle", "processingPrompt", "generating" or "computingEmbedding"
 */
public record Instance(
        String identifier,
        String modelKey,
        String instanceReference,
        int contextLength,
        int parallel,
        boolean flashAttention,
        int evalBatchSize,
        double offloadRatio,
        Integer numExperts,
        boolean offloadKvCacheToGpu,
        Long ttlMs,
        Long lastUsedTime,
        boolean jit,
        long memoryBytes,
        long loadedAtMillis,
        double loadTimeSeconds,
        String status,
        int queued) {}
