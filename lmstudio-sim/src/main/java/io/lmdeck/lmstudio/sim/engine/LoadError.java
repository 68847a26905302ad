package io.lmdeck.lmstudio.sim.engine;

/** Why a load did not produce an instance. */
public enum LoadError {
    MODEL_NOT_FOUND,
    IDENTIFIER_IN_USE,
    INSUFFICIENT_MEMORY,
    ENGINE_CRASH,
    CANCELLED,
    SHUT_DOWN
}
