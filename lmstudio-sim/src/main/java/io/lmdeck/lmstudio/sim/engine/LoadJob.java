package io.lmdeck.lmstudio.sim.engine;

import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** Mutable state of one load in flight; guarded by the owning {@link ModelEngine}'s lock. */
final class LoadJob implements LoadHandle {
    final String identifier;
    final CatalogModel model;
    final ResolvedLoad load;
    final boolean jit;
    final FailureMode failure;
    final LoadListener listener;
    final double speedFactor;
    final long startNanos = System.nanoTime();
    final CompletableFuture<Instance> result = new CompletableFuture<>();
    private final ModelEngine engine;
    double progress;
    long lastTickNanos = startNanos;
    ScheduledFuture<?> ticking;

    LoadJob(ModelEngine engine, String identifier, CatalogModel model, ResolvedLoad load, boolean jit,
            FailureMode failure, LoadListener listener, double speedFactor) {
        this.engine = engine;
        this.identifier = identifier;
        this.model = model;
        this.load = load;
        this.jit = jit;
        this.failure = failure;
        this.listener = listener;
        this.speedFactor = speedFactor;
    }

    @Override
    public String identifier() {
        return identifier;
    }

    @Override
    public String modelKey() {
        return model.key();
    }

    @Override
    public CompletableFuture<Instance> result() {
        return result;
    }

    @Override
    public void cancel() {
        engine.cancel(this);
    }
}
