package io.lmdeck.lmstudio.sim.rest;

import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;
import io.lmdeck.lmstudio.sim.engine.LoadHandle;
import java.util.concurrent.ExecutionException;

/** Maps engine load failures to REST v1 error answers. */
final class LoadErrors {
    private LoadErrors() {}

    static ApiError toApiError(LoadFailedException e) {
        switch (e.error()) {
            case MODEL_NOT_FOUND:
                return new ApiError(404, "model_not_found", e.getMessage(), null, null);
            case IDENTIFIER_IN_USE:
                return ApiError.badRequest(e.getMessage());
            case INSUFFICIENT_MEMORY:
                return new ApiError(400, "model_load_failed", e.getMessage(), null, null);
            default:
                return new ApiError(500, "model_load_failed", e.getMessage(), null, null);
        }
    }

    /** Waits for the load; failures become {@link ApiError}s. */
    static Instance await(LoadHandle handle) {
        try {
            return handle.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LoadFailedException) throw toApiError((LoadFailedException) e.getCause());
            throw new ApiError(500, "model_load_failed", String.valueOf(e.getCause()), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(500, "model_load_failed", "The server is shutting down.", null, null);
        }
    }
}
