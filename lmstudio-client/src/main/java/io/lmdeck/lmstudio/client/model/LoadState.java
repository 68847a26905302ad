package io.lmdeck.lmstudio.client.model;

/** Whether a downloaded model has a loaded instance. {@link #LOADING} is only reported by REST v0 (and this client's own loads). */
public enum LoadState {
    NOT_LOADED,
    LOADING,
    LOADED
}
