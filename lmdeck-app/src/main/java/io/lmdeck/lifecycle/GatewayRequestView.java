package io.lmdeck.lifecycle;

import java.time.Instant;

/**
 * A queued or running gateway request as {@code GET /api/requests} shows it (contract §6). {@code state} is
 * {@code queued}, {@code loading} (its model is being loaded for it) or {@code running}; {@code position} its place
 * in the model's queue (null once running).
 */
public record GatewayRequestView(String id, String modelId, String host, String endpoint, String state,
                                 Integer position, Instant queuedAt, Instant startedAt, String client) {
}
