package io.lmdeck.lmstudio.sim.engine;

/** Estimated memory of a load (SDK {@code estimateModelUsage}); only estimates exist, never live usage. */
public record MemoryEstimate(long modelBytes, long contextBytes, double offloadRatio, boolean passesGuardrails) {
    public long totalBytes() {
        return modelBytes + contextBytes;
    }

    public long modelVramBytes() {
        return Math.round(modelBytes * offloadRatio);
    }

    public long contextVramBytes() {
        return Math.round(contextBytes * offloadRatio);
    }

    public long totalVramBytes() {
        return modelVramBytes() + contextVramBytes();
    }
}
