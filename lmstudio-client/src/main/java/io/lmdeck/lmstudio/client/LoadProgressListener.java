package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.ModelInfo;

/**
 * Receives the steps of one load. Called on a client thread, in order, never concurrently for one load;
 * keep the work short. All methods have empty defaults.
 */
public interface LoadProgressListener {

    /** A listener that ignores everything. */
    LoadProgressListener NONE = new LoadProgressListener() {
    };

    /**
     * The load was sent. {@code progressReported} is false for REST v1 loads, which report nothing until done:
     * show an indeterminate indicator then.
     */
    default void onStarted(LoadTransport transport, boolean progressReported) {
    }

    /** LM Studio resolved the key to this model (websocket only). */
    default void onResolved(ModelInfo model) {
    }

    /** Load progress, 0..1, never decreasing (values that do not increase are dropped). */
    default void onProgress(double fraction) {
    }

    /**
     * Something about the load the caller should know but that does not stop it, e.g. settings the REST v1 load
     * cannot carry (GPU offload, parallel, TTL, identifier) and that were therefore not applied.
     */
    default void onWarning(String message) {
    }
}
