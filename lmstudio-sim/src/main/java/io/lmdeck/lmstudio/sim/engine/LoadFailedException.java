package io.lmdeck.lmstudio.sim.engine;

/** A load that failed or was refused, with LM Studio's wording in {@link #getMessage()}. */
public final class LoadFailedException extends RuntimeException {
    private final LoadError error;
    private final String modelKey;

    public LoadFailedException(LoadError error, String modelKey, String message) {
        super(message, null, false, false);
        this.error = error;
        this.modelKey = modelKey;
    }

    public LoadError error() {
        return error;
    }

    public String modelKey() {
        return modelKey;
    }
}
