package io.lmdeck.lmstudio.client.model;

/**
 * How much of the model LM Studio should put on the GPU: a ratio in [0,1], or "max" (as much as fits).
 * Only the websocket transport can send it; REST v1 load has no such field.
 */
public record GpuOffload(double ratio, boolean max) {
    public GpuOffload {
        if (!max && (Double.isNaN(ratio) || ratio < 0 || ratio > 1)) {
            throw new IllegalArgumentException("GPU offload ratio must be between 0 and 1, was " + ratio);
        }
    }

    /** As much as fits on the GPU (LM Studio's {@code "max"}). */
    public static GpuOffload maximum() {
        return new GpuOffload(1.0, true);
    }

    /** A fraction of the layers on the GPU, 0 (CPU only) to 1. */
    public static GpuOffload ratio(double ratio) {
        return new GpuOffload(ratio, false);
    }

    /** Everything on the CPU. */
    public static GpuOffload off() {
        return new GpuOffload(0, false);
    }
}
