package io.lmdeck.gateway;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One simulator as LM Studio for a whole test class (starting one per test would dominate the run), put back to
 * its start-up state before each test: online, nothing loaded, counters at zero, tokens without delay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SimulatedLmStudio {
    protected LmStudioSimulator sim;

    @BeforeAll
    void startSimulator() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.01).tokenDelayMillis(0).build().start();
    }

    @AfterAll
    void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void resetSimulator() {
        sim.control().reset();
        sim.control().resetCounters();
        sim.control().tokenDelayMillis(0);
    }
}
