package io.lmdeck.lmstudio.sim.engine;

import io.lmdeck.lmstudio.sim.catalog.CatalogModel;

/** Load settings with every default filled in for a given model, and its memory estimate. */
record ResolvedLoad(int contextLength, int parallel, boolean flashAttention, int evalBatchSize, double offloadRatio,
                    Integer numExperts, boolean offloadKvCacheToGpu, Long ttlMs, MemoryEstimate memory) {

    /**
     * Fills the defaults (context 4096 or the model's, parallel 4, flash attention on, batch 512, full GPU offload)
     * and estimates memory: the weights plus a KV cache that grows with context and model size.
     */
    static ResolvedLoad of(CatalogModel model, LoadSettings r, long usedBytes, long budgetBytes) {
        int ctx = r.contextLength() != null ? r.contextLength() : model.defaultContextLength();
        ctx = Math.max(1, Math.min(ctx, model.maxContextLength()));
        double offload = r.offloadRatio() != null ? Math.max(0, Math.min(1, r.offloadRatio())) : 1.0;
        long kvPerToken = Math.max(8 * 1024, model.sizeBytes() / 65_536);
        long contextBytes = (long) ctx * kvPerToken;
        boolean passes = usedBytes + model.sizeBytes() + contextBytes <= budgetBytes;
        MemoryEstimate memory = new MemoryEstimate(model.sizeBytes(), contextBytes, offload, passes);
        Integer experts = r.numExperts() != null ? r.numExperts() : model.numExperts();
        return new ResolvedLoad(ctx, r.parallel() != null ? r.parallel() : 4,
                r.flashAttention() != null ? r.flashAttention() : true,
                r.evalBatchSize() != null ? r.evalBatchSize() : 512, offload, experts,
                r.offloadKvCacheToGpu() != null ? r.offloadKvCacheToGpu() : true, r.ttlMs(), memory);
    }
}
