package io.lmdeck.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends gateway requests to LM Studio's route of the same path, adding LM Studio's API token (never anything of the
 * caller's credentials), and hands back a {@link Relay} that copies the answer to the caller unchanged.
 */
public final class Forwarder {
    /** Caller headers LM Studio may need; everything else (notably the caller's own key for lmdeck) stays here. */
    private static final Set<String> FORWARDED_HEADERS = Set.of("accept", "anthropic-version", "anthropic-beta",
            "openai-beta");

    private final HttpClient http;
    private final URI lmStudio;
    private final String lmStudioToken;

    /**
     * @param lmStudio LM Studio's base URL, e.g. {@code http://localhost:1234}
     * @param lmStudioToken LM Studio's API token, or null when its authentication is off
     */
    public Forwarder(HttpClient http, URI lmStudio, String lmStudioToken) {
        this.http = http;
        this.lmStudio = lmStudio;
        this.lmStudioToken = lmStudioToken;
    }

    /** An HTTP/1.1 client fit for relaying: streamed replies need no HTTP/2 upgrade dance on a local server. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Prepares the request; nothing is sent until {@link Relay#run}.
     *
     * @param body the body to send, as {@link ModelField#replace} left it
     * @param callerHeaders the caller's request headers (any case); only a few protocol headers pass
     */
    public Relay relay(Endpoint endpoint, byte[] body, Map<String, String> callerHeaders) {
        String base = lmStudio.toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + endpoint.path()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        callerHeaders.forEach((name, value) -> {
            if (FORWARDED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) request.header(name, value);
        });
        if (lmStudioToken != null) request.header("Authorization", "Bearer " + lmStudioToken);
        return new Relay(http, request.build(), endpoint);
    }
}
