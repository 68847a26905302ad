package io.lmdeck.activity;

import io.lmdeck.events.EventType;

/** {@code GET /api/activity} parameters; {@code before}, {@code modelId} and {@code type} are optional (null). */
public record ActivityQuery(int limit, Long before, String modelId, EventType type) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public ActivityQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
