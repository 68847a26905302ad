package io.lmdeck.presets;

import io.lmdeck.lifecycle.LoadRequest;

/** A load uses its model's preset for what the request leaves out (contract section 7: "unless the request says otherwise"). */
public final class PresetDefaults {
    private PresetDefaults() {
    }

    /** {@code request} with its absent context length, GPU offload and TTL taken from {@code preset}. */
    public static LoadRequest fill(LoadRequest request, Preset preset) {
        return new LoadRequest(request.modelId(),
                request.contextLength() != null ? request.contextLength() : preset.contextLength(),
                request.gpuOffload() != null ? request.gpuOffload() : preset.gpuOffload(),
                request.ttlSeconds() != null ? request.ttlSeconds() : preset.ttlSeconds(),
                request.keepOthers(),
                request.cause());
    }
}
