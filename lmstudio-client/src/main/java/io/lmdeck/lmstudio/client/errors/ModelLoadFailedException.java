package io.lmdeck.lmstudio.client.errors;

/** The engine failed to load the model (crash, corrupt file, out of memory reported as a generic error). */
public final class ModelLoadFailedException extends LmStudioException {
    private final String modelKey;
    private final String engineMessage;

    public ModelLoadFailedException(String modelKey, String engineMessage, int httpStatus, String upstreamCode) {
        super("Failed to load " + modelKey + ": " + engineMessage, httpStatus, upstreamCode, null);
        this.modelKey = modelKey;
        this.engineMessage = Secrets.redact(engineMessage);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.LOAD_FAILED;
    }

    /** The model key whose load failed. */
    public String modelKey() {
        return modelKey;
    }

    /** LM Studio's message about the failure (often a generic engine message such as a crash signal). */
    public String engineMessage() {
        return engineMessage;
    }
}
