package io.lmdeck.lmstudio.client;

/** How the client loads models on the server it talks to, chosen by {@link LmStudioClient#probe()}. */
public enum LoadTransport {
    /** The SDK websocket {@code loadModel} channel: real progress, cancel, identifier, TTL, GPU offload. */
    WEBSOCKET,
    /** REST v1 {@code POST /api/v1/models/load} (LM Studio 0.4.0+): blocks until loaded, progress unknown, no cancel upstream. */
    REST_V1,
    /** Only REST v0 answers (LM Studio before 0.4.0): models can be listed but not loaded explicitly. */
    REST_V0_ONLY,
    /** LM Studio is offline (or refused the token), nothing can be loaded. */
    NONE
}
