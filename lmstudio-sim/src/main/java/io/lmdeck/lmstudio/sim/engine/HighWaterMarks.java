package io.lmdeck.lmstudio.sim.engine;

import java.util.Collection;

/**
 * The most loads in flight, and the most instances of one model, there have been at the same time since the last
 * reset. Recorded by the engine at the moment a load starts or an instance appears (under its lock), so an overlap
 * however brief is never missed, as sampling from outside could miss it. Not thread-safe: the engine guards it.
 */
final class HighWaterMarks {
    private int loads;
    private int copies;

    void loadStarted(int inFlight) {
        loads = Math.max(loads, inFlight);
    }

    void instanceAdded(Collection<InstanceState> instances, String modelKey) {
        copies = Math.max(copies, copiesOf(instances, modelKey));
    }

    int loads() {
        return loads;
    }

    int copies() {
        return copies;
    }

    /** Starts again from what is there now: loads still in flight and instances still loaded keep counting. */
    void reset(int inFlight, Collection<InstanceState> instances) {
        loads = inFlight;
        copies = 0;
        for (InstanceState s : instances) copies = Math.max(copies, copiesOf(instances, s.modelKey));
    }

    private static int copiesOf(Collection<InstanceState> instances, String modelKey) {
        int n = 0;
        for (InstanceState s : instances) if (s.modelKey.equals(modelKey)) n++;
        return n;
    }
}
