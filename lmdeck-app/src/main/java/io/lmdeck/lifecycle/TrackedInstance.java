package io.lmdeck.lifecycle;

import java.time.Instant;

/** An instance lmdeck knows is loaded, who loaded it, when lmdeck first saw it, and what it is doing. */
record TrackedInstance(LmStudioPort.Instance instance, LoadedBy loadedBy, Instant loadedAt, InstanceUse use) {

    String id() {
        return instance.instanceId();
    }

    String modelId() {
        return instance.modelId();
    }

    TrackedInstance withInstance(LmStudioPort.Instance fresh) {
        return new TrackedInstance(fresh, loadedBy, loadedAt, use);
    }

    TrackedInstance with(InstanceUse value) {
        return new TrackedInstance(instance, loadedBy, loadedAt, value);
    }
}
