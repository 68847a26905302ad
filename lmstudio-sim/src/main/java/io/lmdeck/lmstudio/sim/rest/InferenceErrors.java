package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.sim.engine.InferenceRefusedException;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;

/** OpenAI-compatible error answers for inference requests (LM Studio 0.3.18+ format). */
final class InferenceErrors {
    /** An error in OpenAI's envelope, thrown by inference handlers. */
    static final class OpenAiError extends RuntimeException {
        final int status;
        final String param;
        final String code;

        OpenAiError(int status, String message, String param, String code) {
            super(message, null, false, false);
            this.status = status;
            this.param = param;
            this.code = code;
        }
    }

    private InferenceErrors() {}

    static OpenAiError of(RuntimeException e) {
        if (e instanceof InferenceRefusedException) {
            InferenceRefusedException r = (InferenceRefusedException) e;
            return r.reason() == InferenceRefusedException.Reason.INVALID_MODEL
                    ? new OpenAiError(400, r.getMessage(), "model", "model_not_found")
                    : new OpenAiError(400, r.getMessage(), null, null);
        }
        if (e instanceof LoadFailedException) {
            return new OpenAiError(400, "Failed to load model: " + e.getMessage(), "model", "model_load_failed");
        }
        return new OpenAiError(500, "Internal error: " + e.getClass().getSimpleName(), null, null);
    }

    /** The error a stream carries when its instance is unloaded mid-generation (OpenAI format, LM Studio 0.3.18+). */
    static ObjectNode unloadedFrame(Responses responses) {
        ObjectNode error = responses.object();
        error.putObject("error").put("message", "Model unloaded.").put("type", "invalid_request_error")
                .putNull("param").putNull("code");
        return error;
    }

    static OpenAiError invalid(String message, String param) {
        return new OpenAiError(400, message, param, null);
    }
}
