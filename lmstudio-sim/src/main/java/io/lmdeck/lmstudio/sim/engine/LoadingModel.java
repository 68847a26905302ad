package io.lmdeck.lmstudio.sim.engine;

/** A load in progress: its reserved identifier, the model and how far it got. */
public record LoadingModel(String identifier, String modelKey, double progress, boolean jit) {}
