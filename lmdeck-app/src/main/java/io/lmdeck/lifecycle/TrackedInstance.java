package io.lmdeck.lifecycle;

import java.time.Instant;

/**
 * An instance lmdeck knows is loaded, who loaded it, when lmdeck first saw it, what it is doing, and when it was last
 * used ({@code lastUsedAt}: when a lease on it began or ended, else when it was first seen): the clock of the least
 * recently used eviction and of the idle TTL (contract §7).
 */
record TrackedInstance(LmStudioPort.Instance instance, LoadedBy loadedBy, Instant loadedAt, InstanceUse use,
                       Instant lastUsedAt) {

    TrackedInstance(LmStudioPort.Instance instance, LoadedBy loadedBy, Instant loadedAt, InstanceUse use) {
        this(instance, loadedBy, loadedAt, use, loadedAt);
    }

    String id() {
        return instance.instanceId();
    }

    String modelId() {
        return instance.modelId();
    }

    TrackedInstance withInstance(LmStudioPort.Instance fresh) {
        return new TrackedInstance(fresh, loadedBy, loadedAt, use, lastUsedAt);
    }

    TrackedInstance with(InstanceUse value) {
        return new TrackedInstance(instance, loadedBy, loadedAt, value, lastUsedAt);
    }

    /**
     * When it was last used as far as anyone can tell: lmdeck's {@code lastUsedAt}, or LM Studio's own last-use time
     * when later (LM Studio also sees the requests other programs send it directly).
     */
    Instant lastUse() {
        Instant reported = instance.lastUsedAt();
        return reported != null && reported.isAfter(lastUsedAt) ? reported : lastUsedAt;
    }

    /** {@code value}, and used at {@code at} (a lease began or ended). */
    TrackedInstance with(InstanceUse value, Instant at) {
        return new TrackedInstance(instance, loadedBy, loadedAt, value, at);
    }
}
