package io.lmdeck.http;

import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.LmStudioStatus;

/**
 * The SSE {@code snapshot} event's data: the status object of {@code GET /api/models/lmstudio/status}
 * ({@code lmstudio}) and the catalogue of {@code GET /api/models/lmstudio} ({@code catalog}), plus the id
 * of the last event this snapshot already reflects.
 */
record Snapshot(LmStudioStatus lmstudio, Catalog catalog, long lastEventId) {
}
