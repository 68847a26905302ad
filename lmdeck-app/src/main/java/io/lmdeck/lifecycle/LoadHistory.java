package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.Optional;

/**
 * Past load durations, for a load's ETA. Backed by the activity log's {@code model_loading_complete}
 * events, whose details carry {@code duration_ms} and {@code context_length}.
 */
public interface LoadHistory {
    /** A typical (median of recent) load duration for this model, preferring the same context length. */
    Optional<Duration> typicalLoadDuration(String modelId, Integer contextLength);
}
