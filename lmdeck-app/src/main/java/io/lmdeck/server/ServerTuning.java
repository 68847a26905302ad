package io.lmdeck.server;

import io.lmdeck.http.HttpSettings;
import java.time.Duration;

/**
 * Timings ./lmdeck serve does not expose but tests need short: SSE heartbeat, how often LM Studio's real
 * state is re-read, and how long a chat waits for a swap. {@link #DEFAULTS} is what production runs with.
 */
public record ServerTuning(Duration heartbeat, Duration lifecyclePollInterval, Duration chatMaxWait, int sseClientBuffer) {
    public static final ServerTuning DEFAULTS = new ServerTuning(HttpSettings.DEFAULT_HEARTBEAT, null,
            HttpSettings.DEFAULT_CHAT_WAIT, HttpSettings.DEFAULT_SSE_BUFFER);

    public ServerTuning withHeartbeat(Duration value) {
        return new ServerTuning(value, lifecyclePollInterval, chatMaxWait, sseClientBuffer);
    }

    /** null keeps the lifecycle's own default. */
    public ServerTuning withLifecyclePollInterval(Duration value) {
        return new ServerTuning(heartbeat, value, chatMaxWait, sseClientBuffer);
    }

    public ServerTuning withChatMaxWait(Duration value) {
        return new ServerTuning(heartbeat, lifecyclePollInterval, value, sseClientBuffer);
    }

    public ServerTuning withSseClientBuffer(int frames) {
        return new ServerTuning(heartbeat, lifecyclePollInterval, chatMaxWait, frames);
    }
}
