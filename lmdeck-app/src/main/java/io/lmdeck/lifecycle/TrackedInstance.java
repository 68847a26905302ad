package io.lmdeck.lifecycle;

import java.time.Instant;

/** An instance lmdeck knows is loaded, who loaded it and when lmdeck first saw it. */
record TrackedInstance(LmStudioPort.Instance instance, LoadedBy loadedBy, Instant loadedAt) {

    String id() {
        return instance.instanceId();
    }

    String modelId() {
        return instance.modelId();
    }

    TrackedInstance withInstance(LmStudioPort.Instance fresh) {
        return new TrackedInstance(fresh, loadedBy, loadedAt);
    }
}
