package io.lmdeck.lmstudio.client.errors;

/**
 * What went wrong, as a plain enum so callers on Java 17 can branch without pattern-matching switch.
 * Each value matches exactly one subclass of {@link LmStudioException}.
 */
public enum ErrorKind {
    /** The model key is not among the downloaded models. {@link ModelNotFoundException} */
    MODEL_NOT_FOUND,
    /** The instance id is not loaded (e.g. unload of something already gone). {@link InstanceNotFoundException} */
    INSTANCE_NOT_FOUND,
    /** Authentication is on and the token is missing or wrong. {@link InvalidApiKeyException} */
    INVALID_API_KEY,
    /** LM Studio's guardrail refused the load for lack of memory. {@link InsufficientMemoryException} */
    INSUFFICIENT_MEMORY,
    /** The engine failed to load the model. {@link ModelLoadFailedException} */
    LOAD_FAILED,
    /** A load reported no progress for the opt-in stall timeout. {@link StalledException} */
    STALLED,
    /** The caller cancelled the operation. {@link CancelledException} */
    CANCELLED,
    /** LM Studio cannot be reached (refused, timed out, connection dropped). {@link OfflineException} */
    OFFLINE,
    /** LM Studio rejected the request as invalid (HTTP 400 and similar). {@link BadRequestException} */
    BAD_REQUEST,
    /** The server is too old for the operation (e.g. no load API before 0.4.0). {@link NotSupportedException} */
    NOT_SUPPORTED,
    /** LM Studio answered something this client cannot understand. {@link ProtocolException} */
    PROTOCOL_ERROR
}
