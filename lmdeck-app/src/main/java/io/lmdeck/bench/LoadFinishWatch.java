package io.lmdeck.bench;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The moment the simulator finishes a load: a watcher thread looks at the simulator's instances every 50 µs
 * and notes {@link System#nanoTime()} when an instance of the model appears. Started before the load, it runs
 * only for the duration of one load so it does not take CPU from what is measured the rest of the time.
 */
final class LoadFinishWatch {
    private static final long LOOK_EVERY_NANOS = 50_000;

    private final Thread thread;
    private final LmStudioSimulator sim;
    private volatile long finishedNanos;
    private volatile boolean stop;

    private LoadFinishWatch(LmStudioSimulator sim, String modelKey) {
        this.sim = sim;
        thread = new Thread(() -> {
            while (!stop) {
                if (sim.control().instances().stream().anyMatch(i -> i.modelKey().equals(modelKey))) {
                    finishedNanos = System.nanoTime();
                    return;
                }
                LockSupport.parkNanos(LOOK_EVERY_NANOS);
            }
        }, "bench-load-finish-watch");
        thread.setDaemon(true);
        thread.start();
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
        stop = true;
    }

    /** The {@link System#nanoTime()} at which the instance appeared. */
    long await(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        stop = true;
        if (finishedNanos == 0) {
            throw new IllegalStateException("the simulator did not finish the load within " + timeout + " (loading "
                    + sim.control().loading() + ", loaded " + sim.control().instances().size() + ", load calls "
                    + sim.control().loadCalls() + ")");
        }
        return finishedNanos;
    }
}
