package io.lmdeck.lifecycle;

/** GPU offload for a load: a ratio in [0,1], or "max" (let LM Studio put as much as fits on the GPU). */
public record GpuOffload(double ratio, boolean max) {
    public GpuOffload {
        if (!max && (ratio < 0 || ratio > 1 || Double.isNaN(ratio))) {
            throw new IllegalArgumentException("gpu_offload must be between 0 and 1, or \"max\"");
        }
    }

    public static GpuOffload maximum() {
        return new GpuOffload(1.0, true);
    }

    public static GpuOffload ratio(double ratio) {
        return new GpuOffload(ratio, false);
    }
}
