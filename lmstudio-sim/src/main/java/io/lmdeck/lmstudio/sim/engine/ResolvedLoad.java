package io.lmdeck.lmstudio.sim.engine;

/** Load settings with every default filled in for a given model. */
record ResolvedLoad(int contextLength, int parallel, boolean flashAttention, int evalBatchSize, double offloadRatio,
                    Integer numExperts, boolean offloadKvCacheToGpu, Long ttlMs, MemoryEstimate memory) {}
