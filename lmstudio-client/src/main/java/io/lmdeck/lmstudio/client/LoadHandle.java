package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.LoadedInstance;

import java.util.concurrent.CompletableFuture;

/** A running load started by {@link LmStudioClient#load}. */
public interface LoadHandle {

    /** The model key being loaded. */
    String modelKey();

    /** The transport used for this load. */
    LoadTransport transport();

    /**
     * Completes with the loaded instance, or exceptionally with an
     * {@link io.lmdeck.lmstudio.client.errors.LmStudioException} (Stalled, Cancelled, Offline, InsufficientMemory,
     * LoadFailed, ModelNotFound…). {@code join()} wraps it in a {@code CompletionException}: its
     * {@code getCause()} is the typed exception. Completes on a client thread, never on a socket reader thread.
     */
    CompletableFuture<LoadedInstance> result();

    /**
     * Completes once LM Studio is done with this load: it answered (loaded or failed), stopped after a cancel, or
     * the connection ended. {@link #result()} completes at once on {@link #cancel()}; this says when LM Studio has
     * really stopped working on it, e.g. before starting another load so that two never run at once. Never
     * completes exceptionally; may never complete if LM Studio ignores a cancel (bound your wait).
     */
    CompletableFuture<Void> upstreamDone();

    /** The latest progress 0..1, or a negative value when none was reported (yet). */
    double progress();

    /**
     * Cancels the load. Over the websocket LM Studio is told to stop and frees the instance; REST v1 loads cannot be
     * stopped, so the client waits for LM Studio in the background and unloads the new instance when it appears.
     * The result completes with {@link io.lmdeck.lmstudio.client.errors.CancelledException}. No effect once done.
     */
    void cancel();
}
