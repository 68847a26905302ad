package io.lmdeck.lifecycle;

import java.time.Instant;

/**
 * One request the gateway (contract §6) asks the lifecycle to admit. {@code modelId} is a model key (aliases and
 * {@code key@host} are resolved before); {@code endpoint} the path it came on (e.g. {@code /v1/chat/completions});
 * {@code client} a short description of the caller (remote address and user agent) for {@code GET /api/requests}.
 */
public record GatewayRequest(String requestId, String modelId, String endpoint, String client, Instant receivedAt) {
}
