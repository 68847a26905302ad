package io.lmdeck.lmstudio.client.model;

/**
 * How much of the model LM Studio should put on the GPU: a ratio in [0,1], or "max" (as much as fits).
 * Only the websocket transport can send it; REST v1 load has no such field.
 */
public record GpuOffloadRatio(double ratio, boolean max) {
    public GpuOffloadRatio {
        if (!max && (Double.isNaN(ratio) || ratio < 0 || ratio > 1)) {
            throw new IllegalArgumentException("GPU offload ratio must be between 0 and 1, was " + ratio);
        }
    }

    /** As much as fits on the GPU (LM Studio's {@code "max"}). */
    public static GpuOffloadRatio maximum() {
        return new GpuOffloadRatio(1.0, true);
    }

    /** A fraction of the layers on the GPU, 0 (CPU only) to 1. */
    public static GpuOffloadRatio ratio(double ratio) {
        return new GpuOffloadRatio(ratio, false);
    }

    /** Everything on the CPU. */
    public static GpuOffloadRatio off() {
        return new GpuOffloadRatio(0, false);
    }
}
