package io.lmdeck.lmstudio.sim.engine;

import java.util.concurrent.CompletableFuture;

/** A running load: its reserved identifier, a future of the instance, and cancel. */
public interface LoadHandle {
    String identifier();

    String modelKey();

    /** Completes with the instance, or exceptionally with a {@link LoadFailedException}. */
    CompletableFuture<Instance> result();

    /** Stops the load and frees the identifier; no instance remains. No effect once finished. */
    void cancel();
}
