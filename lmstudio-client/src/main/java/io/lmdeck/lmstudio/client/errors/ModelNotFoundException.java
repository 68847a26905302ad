package io.lmdeck.lmstudio.client.errors;

import java.util.List;

/** The model key is not among LM Studio's downloaded models. Carries close matches to suggest. */
public final class ModelNotFoundException extends LmStudioException {
    private final String modelKey;
    private final List<String> closeMatches;

    public ModelNotFoundException(String modelKey, String message, List<String> closeMatches, int httpStatus) {
        super(message, httpStatus, "model_not_found", null);
        this.modelKey = modelKey;
        this.closeMatches = List.copyOf(closeMatches);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.MODEL_NOT_FOUND;
    }

    /** The model key that was asked for. */
    public String modelKey() {
        return modelKey;
    }

    /** Downloaded model keys that look like the one asked for (best first); may be empty. */
    public List<String> closeMatches() {
        return closeMatches;
    }
}
