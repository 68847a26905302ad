package io.lmdeck.lmstudio.client.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.errors.ProtocolException;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * JSON over HTTP to one LM Studio server: adds the token, maps every failure to an {@link LmStudioException},
 * detects LM Studio's errors sent with HTTP 200, and retries idempotent reads with backoff.
 * Part of the client's implementation; use {@link io.lmdeck.lmstudio.client.LmStudioClient}.
 */
public final class HttpJson {
    private static final Logger LOG = LoggerFactory.getLogger(HttpJson.class);

    private final URI baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final int readRetries;
    private final Duration retryBackoff;
    private final HttpClient http;
    private final ObjectMapper json;

    public HttpJson(URI baseUrl, String apiToken, Duration connectTimeout, Duration requestTimeout, int readRetries,
                    Duration retryBackoff, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.authorization = apiToken == null ? null : "Bearer " + apiToken;
        this.requestTimeout = requestTimeout;
        this.readRetries = readRetries;
        this.retryBackoff = retryBackoff;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ObjectMapper mapper() {
        return json;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The underlying JDK client (for streaming). */
    public HttpClient client() {
        return http;
    }

    /** A GET, retried with backoff when the connection fails or LM Studio answers 5xx. */
    public JsonNode get(String path, Subject subject) {
        return withRetries(() -> send(request(path).GET().timeout(requestTimeout).build(), path, subject), path);
    }

    /** A GET that is tried once (probes, where failing fast matters more than persistence). */
    public JsonNode getOnce(String path, Duration timeout) {
        return send(request(path).GET().timeout(timeout).build(), path, Subject.NONE);
    }

    /** A POST with a JSON body, never retried (loads and unloads are not idempotent). */
    public JsonNode post(String path, JsonNode body, Duration timeout, Subject subject) {
        return send(postRequest(path, body, timeout), path, subject);
    }

    /** A POST sent asynchronously; cancelling the returned future abandons the request. */
    public CompletableFuture<JsonNode> postAsync(String path, JsonNode body, Duration timeout, Subject subject) {
        return http.sendAsync(postRequest(path, body, timeout), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw asLmStudio(unwrap(failure), path);
                    }
                    return interpret(response.statusCode(), response.body(), path, subject);
                });
    }

    /** A POST request with the headers every call needs. */
    public HttpRequest postRequest(String path, JsonNode body, Duration timeout) {
        return request(path).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build();
    }

    /** A request builder for the path, with Accept and Authorization set. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(baseUrl.resolve(path)).header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** Parses an answer: JSON errors (whatever the status) and non-2xx statuses become exceptions. */
    public JsonNode interpret(int status, String body, String path, Subject subject) {
        JsonNode node = parseOrNull(body);
        if (status >= 200 && status < 300 && node != null && !UpstreamErrors.isErrorBody(node)) {
            return node;
        }
        if (status >= 200 && status < 300 && node == null) {
            throw new ProtocolException("LM Studio answered " + path + " with a body that is not JSON", status, null);
        }
        throw UpstreamErrors.fromHttp(status, node, body, path, subject);
    }

    public String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    public JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Maps a transport failure to an exception; {@code IOException}s mean offline. */
    public LmStudioException asLmStudio(Throwable failure, String path) {
        if (failure instanceof LmStudioException) {
            return (LmStudioException) failure;
        }
        if (failure instanceof CancellationException) {
            return new CancelledException("request to " + path + " was cancelled");
        }
        if (failure instanceof HttpTimeoutException) {
            return new OfflineException("LM Studio at " + baseUrl + " did not answer " + path + " in time", failure);
        }
        if (failure instanceof IOException) {
            return new OfflineException("LM Studio at " + baseUrl + " is not reachable (" + describe(failure) + ")", failure);
        }
        return new ProtocolException("request to " + path + " failed: " + describe(failure), 0, failure);
    }

    private JsonNode send(HttpRequest request, String path, Subject subject) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting for " + path);
        } catch (IOException | RuntimeException e) {
            throw asLmStudio(e, path);
        }
        return interpret(response.statusCode(), response.body(), path, subject);
    }

    private interface Attempt {
        JsonNode run();
    }

    private JsonNode withRetries(Attempt attempt, String path) {
        long backoff = retryBackoff.toMillis();
        for (int tried = 0; ; tried++) {
            try {
                return attempt.run();
            } catch (LmStudioException e) {
                boolean transientFailure = e instanceof OfflineException
                        || (e instanceof ProtocolException && e.httpStatus().orElse(0) >= 500);
                if (!transientFailure || tried >= readRetries) {
                    throw e;
                }
                LOG.debug("GET {} failed ({}), retrying in {} ms", path, e.getMessage(), backoff);
                sleep(backoff, path);
                backoff *= 2;
            }
        }
    }

    private static void sleep(long millis, String path) {
        try {
            Thread.sleep(millis); // backoff between retries of an idempotent read, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while retrying " + path);
        }
    }

    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
