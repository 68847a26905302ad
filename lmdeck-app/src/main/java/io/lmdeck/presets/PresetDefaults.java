package io.lmdeck.presets;

import io.lmdeck.lifecycle.LoadRequest;

/** A load uses its model's preset for what the request leaves out (contract section 7: "unless the request says otherwise"). */
public final class PresetDefaults {
    private PresetDefaults() {
    }

    /**
     * {@code request} with its absent context length and GPU offload taken from {@code preset}. Not the preset's TTL:
     * lmdeck applies that itself to the loaded instance (it is never sent to LM Studio, which would unload the
     * instance on its own, seen by lmdeck as another program's unload). A request's own {@code ttl_seconds} still goes
     * to LM Studio.
     */
    public static LoadRequest fill(LoadRequest request, Preset preset) {
        return new LoadRequest(request.modelId(),
                request.contextLength() != null ? request.contextLength() : preset.contextLength(),
                request.gpuOffload() != null ? request.gpuOffload() : preset.gpuOffload(),
                request.ttlSeconds(),
                request.keepOthers(),
                request.cause());
    }
}
