package io.lmdeck.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * The {@code lmstudio} object of {@code GET /api/models/lmstudio/status}. Immutable snapshot;
 * reading it never calls LM Studio. {@code transport} says how lmdeck talks to LM Studio
 * ({@code websocket}, {@code rest_v1}, {@code rest_v0}, or null while offline).
 */
public record LmStudioStatus(
        boolean online,
        ServiceStatus status,
        String baseUrl,
        String version,
        String transport,
        ModelView activeModel,
        List<InstanceView> loaded,
        LoadingView loading,
        MemoryView memory,
        LastError lastError,
        Instant checkedAt) {

    public LmStudioStatus {
        loaded = loaded == null ? List.of() : List.copyOf(loaded);
    }
}
