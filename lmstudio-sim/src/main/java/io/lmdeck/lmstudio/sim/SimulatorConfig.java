package io.lmdeck.lmstudio.sim;

import io.lmdeck.lmstudio.sim.catalog.ModelCatalog;
import java.time.Clock;

/** Start-up settings of a simulator, as gathered by {@link SimulatorBuilder}. */
record SimulatorConfig(String host, int port, ModelCatalog catalog, double loadSecondsPerGb, String token, boolean jit,
                       long seed, long memoryBudgetBytes, Clock clock, long tokenDelayMillis) {}
