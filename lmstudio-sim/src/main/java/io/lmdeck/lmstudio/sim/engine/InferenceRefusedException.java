package io.lmdeck.lmstudio.sim.engine;

/** An inference request that names no usable model (LM Studio's OpenAI-compatible error cases). */
public final class InferenceRefusedException extends RuntimeException {
    public enum Reason { NO_MODELS_LOADED, INVALID_MODEL }

    private final Reason reason;

    public InferenceRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
