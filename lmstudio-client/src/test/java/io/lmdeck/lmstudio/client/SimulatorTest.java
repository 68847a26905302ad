package io.lmdeck.lmstudio.client;

import org.junit.jupiter.api.AfterEach;

/** Base of the tests that run the client against a simulator: each test starts its own and it is closed after. */
abstract class SimulatorTest {
    protected static final String QWEN = "qwen/qwen3-4b-2507";
    protected static final String GEMMA = "google/gemma-3-1b";
    protected SimFixture f;

    @AfterEach
    void closeSimulator() {
        if (f != null) {
            f.close();
        }
    }
}
