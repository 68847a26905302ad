package io.lmdeck.lmstudio.sim.engine;

/** A failure the test-control surface can inject for a model; it applies to every load of it until cleared. */
public enum FailureMode {
    /** LM Studio's guardrail refuses the load before it starts ("insufficient system resources"). */
    INSUFFICIENT_MEMORY,
    /** The engine dies part way through the load (REST {@code model_load_failed}). */
    ENGINE_CRASH,
    /** Progress stops at 99.9 % and the load never finishes until cancelled (bug-tracker #298). */
    HANG
}
