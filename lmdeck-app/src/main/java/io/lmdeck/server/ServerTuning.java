package io.lmdeck.server;

import io.lmdeck.http.HttpSettings;
import java.time.Duration;

/**
 * Timings ./lmdeck serve does not expose but tests need short: SSE heartbeat, how often LM Studio's real
 * state is re-read, and how long a chat waits for a swap. {@link #DEFAULTS} is what production runs with.
 */
public record ServerTuning(Duration heartbeat, Duration lifecyclePollInterval, Duration chatMaxWait, int sseClientBuffer,
                           Duration lifecycleStallLimit) {
    public static final ServerTuning DEFAULTS = new ServerTuning(HttpSettings.DEFAULT_HEARTBEAT, null,
            HttpSettings.DEFAULT_CHAT_WAIT, HttpSettings.DEFAULT_SSE_BUFFER, null);

    public ServerTuning withHeartbeat(Duration value) {
        return new ServerTuning(value, lifecyclePollInterval, chatMaxWait, sseClientBuffer, lifecycleStallLimit);
    }

    /** null keeps the lifecycle's own default. */
    public ServerTuning withLifecyclePollInterval(Duration value) {
        return new ServerTuning(heartbeat, value, chatMaxWait, sseClientBuffer, lifecycleStallLimit);
    }

    public ServerTuning withChatMaxWait(Duration value) {
        return new ServerTuning(heartbeat, lifecyclePollInterval, value, sseClientBuffer, lifecycleStallLimit);
    }

    public ServerTuning withSseClientBuffer(int frames) {
        return new ServerTuning(heartbeat, lifecyclePollInterval, chatMaxWait, frames, lifecycleStallLimit);
    }

    /** A load making no progress for this long fails as stalled; null keeps the lifecycle's own default (120 s). */
    public ServerTuning withStallLimit(Duration value) {
        return new ServerTuning(heartbeat, lifecyclePollInterval, chatMaxWait, sseClientBuffer, value);
    }
}
