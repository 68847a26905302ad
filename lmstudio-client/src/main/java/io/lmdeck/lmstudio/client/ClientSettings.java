package io.lmdeck.lmstudio.client;

import java.net.URI;
import java.time.Duration;

/** The builder's choices, as one immutable value; {@code stallTimeout} is null when off. {@code toString} hides the token. */
record ClientSettings(URI baseUrl, String apiToken, Duration connectTimeout, Duration requestTimeout,
                      Duration stallTimeout, Duration restLoadTimeout, int readRetries, Duration retryBackoff,
                      boolean useWebsocket) {
    @Override
    public String toString() {
        return "ClientSettings[baseUrl=" + baseUrl + ", apiToken=" + (apiToken == null ? "none" : "***")
                + ", connectTimeout=" + connectTimeout + ", stallTimeout=" + stallTimeout + "]";
    }
}
