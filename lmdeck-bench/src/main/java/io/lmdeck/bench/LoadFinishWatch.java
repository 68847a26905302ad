package io.lmdeck.bench;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The moment the simulator finishes a load of one model: the simulator calls back on its own thread as the
 * instance appears (before it answers whoever asked), and {@link System#nanoTime()} is noted there. No thread
 * polls, so nothing takes CPU from what is measured.
 */
final class LoadFinishWatch {
    private final LmStudioSimulator sim;
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final Runnable stopObserving;

    private LoadFinishWatch(LmStudioSimulator sim, String modelKey) {
        this.sim = sim;
        this.stopObserving = sim.control().onInstanceLoaded(instance -> {
            if (instance.modelKey().equals(modelKey)) {
                finished.complete(System.nanoTime());
            }
        });
    }

    /** Starts watching; the model must not be loaded yet. */
    static LoadFinishWatch start(LmStudioSimulator sim, String modelKey) {
        if (sim.control().instances().stream().anyMatch(i -> i.modelKey().equals(modelKey))) {
            throw new IllegalStateException(modelKey + " is already loaded in the simulator");
        }
        return new LoadFinishWatch(sim, modelKey);
    }

    /** Stops watching (the load did not happen). */
    void cancel() {
        stopObserving.run();
    }

    /** The {@link System#nanoTime()} at which the instance appeared. */
    long await(Duration timeout) throws InterruptedException {
        try {
            return finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("the simulator did not finish the load within " + timeout + " (loading "
                    + sim.control().loading() + ", loaded " + sim.control().instances().size() + ", load calls "
                    + sim.control().loadCalls() + ")");
        } finally {
            stopObserving.run();
        }
    }
}
