package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.LoadedInstance;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A running load started by {@link LmStudioClient#load}. */
public interface ModelLoad {

    /** The model key being loaded. */
    String modelKey();

    /** The transport used for this load. */
    LoadTransport transport();

    /**
     * Completes with the loaded instance, or exceptionally with an
     * {@link io.lmdeck.lmstudio.client.errors.LmStudioException} (Cancelled, Offline, InsufficientMemory,
     * LoadFailed, ModelNotFound…; Stalled only with {@link LmStudioClient.Builder#stallTimeout}).
     * {@code join()} wraps it in a {@code CompletionException}: its {@code getCause()} is the typed exception.
     * Completes on a client thread, never on a socket reader thread.
     */
    CompletableFuture<LoadedInstance> result();

    /**
     * Completes once LM Studio is done with this load: it answered (loaded or failed), stopped after a cancel, or
     * the connection ended; with the instance when LM Studio loaded one, else empty. {@link #result()} completes at
     * once on {@link #cancel()}; this says when LM Studio has really stopped working on it (e.g. before starting
     * another load, so that two never run at once) and whether it finished the load anyway: such an instance is
     * loaded, and what to do with it is the caller's choice (the client never unloads on its own). Never completes
     * exceptionally; completes on a client thread, before {@link #result()} when both end together; may never
     * complete if LM Studio ignores a cancel (bound your wait).
     */
    CompletableFuture<Optional<LoadedInstance>> upstreamDone();

    /** The latest progress 0..1, or a negative value when none was reported (yet). */
    double progress();

    /**
     * Cancels the load: the result completes at once with {@link io.lmdeck.lmstudio.client.errors.CancelledException}.
     * Over the websocket LM Studio is told to stop and frees the instance; a REST v1 load cannot be stopped and
     * goes on in LM Studio. Either way, an instance LM Studio still finishes is reported by {@link #upstreamDone()}
     * and left loaded. No effect once done.
     */
    void cancel();
}
