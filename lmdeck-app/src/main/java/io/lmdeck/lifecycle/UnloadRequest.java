package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;

/** Exactly one of: a model (all its instances), one instance, or everything loaded. */
public record UnloadRequest(String modelId, String instanceId, boolean all, Cause cause) {
    public static UnloadRequest model(String modelId, Cause cause) {
        return new UnloadRequest(modelId, null, false, cause);
    }

    public static UnloadRequest instance(String instanceId, Cause cause) {
        return new UnloadRequest(null, instanceId, false, cause);
    }

    public static UnloadRequest everything(Cause cause) {
        return new UnloadRequest(null, null, true, cause);
    }
}
