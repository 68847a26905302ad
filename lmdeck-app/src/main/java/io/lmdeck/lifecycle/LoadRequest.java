package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.util.Objects;

/** "Make this model the active model." Optional fields are null when not given. */
public record LoadRequest(
        String modelId,
        Integer contextLength,
        GpuOffload gpuOffload,
        Integer ttlSeconds,
        boolean keepOthers,
        Cause cause) {

    public LoadRequest {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(cause, "cause");
    }

    public static LoadRequest of(String modelId, Cause cause) {
        return new LoadRequest(modelId, null, null, null, false, cause);
    }
}
