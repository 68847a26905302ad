package io.lmdeck.presets;

/**
 * A preset for a model LM Studio does not have. {@code lmstudioOffline}: lmdeck has no catalogue to check against
 * (LM Studio has not been reached), so the model may well exist.
 */
public final class UnknownModelException extends RuntimeException {
    private final boolean lmstudioOffline;

    UnknownModelException(String modelId, boolean lmstudioOffline) {
        super(lmstudioOffline
                ? "LM Studio is offline, so model '" + modelId + "' cannot be checked"
                : "Unknown model '" + modelId + "'; GET /api/models/lmstudio lists the models LM Studio has",
                null, false, false);
        this.lmstudioOffline = lmstudioOffline;
    }

    public boolean lmstudioOffline() {
        return lmstudioOffline;
    }
}
