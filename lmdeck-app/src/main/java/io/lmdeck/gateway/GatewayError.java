package io.lmdeck.gateway;

import java.util.Map;

/**
 * An answer the gateway gives itself instead of LM Studio's, in the caller's dialect.
 *
 * @param status the HTTP status
 * @param headers extra headers (e.g. {@code Retry-After}); the content type is always {@code application/json}
 * @param body the JSON body, UTF-8
 */
public record GatewayError(int status, Map<String, String> headers, byte[] body) {
    public GatewayError {
        headers = Map.copyOf(headers);
    }
}
