package io.lmdeck.lmstudio.sim.engine;

/** Observes one load. Progress values are strictly increasing, in [0, 1]. Called from a simulator thread. */
public interface LoadListener {
    LoadListener NONE = new LoadListener() {};

    /** The load got its identifier; the handle can cancel it. */
    default void started(LoadHandle handle) {}

    default void progress(double fraction) {}

    /** A JIT load is about to unload another JIT-loaded instance (auto-evict). */
    default void evicting(Instance victim) {}
}
