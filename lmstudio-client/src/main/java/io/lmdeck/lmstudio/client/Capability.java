package io.lmdeck.lmstudio.client;

/** What an LM Studio server answered to during {@link LmStudioClient#probe()}. */
public enum Capability {
    /** {@code GET /lmstudio-greeting} answered {@code {"lmstudio":true}}. */
    GREETING,
    /** REST v1 ({@code /api/v1/models}, 0.4.0+). */
    REST_V1,
    /** REST v0 ({@code /api/v0/models}, 0.3.6+). */
    REST_V0,
    /** OpenAI-compatible {@code /v1/models}. */
    OPENAI,
    /** The SDK websocket (handshake accepted on {@code /system}). */
    WEBSOCKET,
    /** The server requires an API token. */
    AUTH_REQUIRED
}
