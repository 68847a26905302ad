package io.lmdeck.lmstudio.sim.engine;

/** Mutable state of a loaded instance; guarded by the owning {@link ModelEngine}'s lock. */
final class InstanceState {
    final String identifier;
    final String modelKey;
    final String instanceReference;
    final ResolvedLoad load;
    final boolean jit;
    final long loadedAtMillis;
    final double loadTimeSeconds;
    final long memoryBytes;
    final Long ttlMs;
    Long lastUsedTime;
    String status = "idle";
    int queued;
    int active;

    InstanceState(String identifier, String modelKey, String instanceReference, ResolvedLoad load, boolean jit,
                  long loadedAtMillis, double loadTimeSeconds) {
        this.identifier = identifier;
        this.modelKey = modelKey;
        this.instanceReference = instanceReference;
        this.load = load;
        this.jit = jit;
        this.loadedAtMillis = loadedAtMillis;
        this.loadTimeSeconds = loadTimeSeconds;
        this.memoryBytes = load.memory().totalBytes();
        this.ttlMs = load.ttlMs();
    }

    Instance snapshot() {
        return new Instance(identifier, modelKey, instanceReference, load.contextLength(), load.parallel(),
                load.flashAttention(), load.evalBatchSize(), load.offloadRatio(), load.numExperts(),
                load.offloadKvCacheToGpu(), ttlMs, lastUsedTime, jit, memoryBytes, loadedAtMillis, loadTimeSeconds,
                status, queued);
    }
}
