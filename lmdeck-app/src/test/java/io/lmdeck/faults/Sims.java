package io.lmdeck.faults;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.lmstudio.sim.engine.Instance;
import java.util.List;

/** Simulators for the fault tests: loopback, free port, demo catalogue. */
final class Sims {
    /** 0.8 GB: the quickest chat model of the demo catalogue. */
    static final String SMALL_MODEL = "google/gemma-3-1b";

    private Sims() {
    }

    static LmStudioSimulator start(double loadSecondsPerGb) {
        return LmStudioSimulator.builder().host("127.0.0.1").port(0).loadSecondsPerGb(loadSecondsPerGb)
                .tokenDelayMillis(2).build().start();
    }

    static List<String> instanceIds(LmStudioSimulator sim) {
        return sim.control().instances().stream().map(Instance::identifier).toList();
    }

    static List<String> instanceModels(LmStudioSimulator sim) {
        return sim.control().instances().stream().map(Instance::modelKey).toList();
    }
}
