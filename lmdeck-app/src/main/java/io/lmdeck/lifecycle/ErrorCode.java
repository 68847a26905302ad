package io.lmdeck.lifecycle;

/** Why a lifecycle command was refused or failed; the HTTP layer maps each to a status code. */
public enum ErrorCode {
    INVALID_REQUEST,
    MODEL_NOT_FOUND,
    INSTANCE_NOT_FOUND,
    OPERATION_NOT_FOUND,
    LMSTUDIO_OFFLINE,
    NO_ACTIVE_MODEL,
    MODEL_UNAVAILABLE,
    BUSY,
    LOAD_FAILED,
    INSUFFICIENT_MEMORY,
    STALLED,
    CANCELLED,
    SHUTTING_DOWN;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
