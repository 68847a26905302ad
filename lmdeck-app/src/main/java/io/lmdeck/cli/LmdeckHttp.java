package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CLI's side of lmdeck's HTTP API (contract section 2). Every failure becomes a {@link CliFailure} with the
 * contract's exit code: nothing reachable → 3, LM Studio offline (503 {@code lmstudio_offline}) → 3, a refused
 * request → the server's own message.
 */
final class LmdeckHttp {
    /** Tells the server these requests come from the CLI, so its events carry {@code cause: "cli"}. */
    static final String CLIENT_HEADER = "X-Lmdeck-Client";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = Json.newMapper();

    LmdeckHttp(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI base() {
        return base;
    }

    ObjectMapper json() {
        return json;
    }

    JsonNode get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build()).body();
    }

    /** POSTs a JSON body; returns the status and the parsed answer (a 2xx; anything else is a CliFailure). */
    Answer post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(jsonBody(body)).build());
    }

    /** PUTs a JSON body, as {@link #post}. */
    Answer put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(jsonBody(body)).build());
    }

    Answer delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest.BodyPublisher jsonBody(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens {@code GET /api/events}; {@code lastEventId} (nullable) asks the server to replay what came after it. */
    EventStream events(String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve("/api/events"))
                .header("Accept", "text/event-stream")
                .header(CLIENT_HEADER, "cli");
        authorize(request);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
        if (response.statusCode() != 200) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", (Iterable<String>) lines::iterator);
            }
            throw refused(response.statusCode(), body);
        }
        return new EventStream(response.body(), json);
    }

    record Answer(int status, JsonNode body) {
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header(CLIENT_HEADER, "cli");
        authorize(request);
        return request;
    }

    private void authorize(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
    }

    private URI resolve(String pathAndQuery) {
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + pathAndQuery);
    }

    private Answer send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException) {
                throw unreachable(e);
            }
            throw CliFailure.failed("the lmdeck server at " + base + " did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw refused(response.statusCode(), response.body());
        }
        return new Answer(response.statusCode(), parse(response.body()));
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw CliFailure.failed("the server at " + base + " answered something that is not JSON"
                    + " (is it really an lmdeck server?)");
        }
    }

    private CliFailure unreachable(IOException e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
            return CliFailure.unreachable("cannot reach the lmdeck server at " + base
                    + " — start it with ./lmdeck serve (or ./lmdeck serve --simulator)");
        }
        return CliFailure.unreachable("lost the connection to the lmdeck server at " + base + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    }

    /** Maps an error answer ({@code {"error":{"code","message"}}}) to the exit code a script can act on. */
    private CliFailure refused(int status, String body) {
        String code = null;
        String message = null;
        try {
            JsonNode error = json.readTree(body == null || body.isBlank() ? "{}" : body).path("error");
            code = error.path("code").asText(null);
            message = error.path("message").asText(null);
        } catch (IOException e) {
            // Not lmdeck's envelope: fall through to a message built from the status.
        }
        if (message == null) {
            message = "the lmdeck server answered HTTP " + status;
        }
        if ("lmstudio_offline".equals(code)) {
            return CliFailure.unreachable(message + " — start LM Studio (or its server: lms server start),"
                    + " or run ./lmdeck serve --simulator to try lmdeck without it");
        }
        if (status == 401) {
            return CliFailure.usage(message + " — this server needs a token: set LMDECK_TOKEN or pass --token");
        }
        if (status == 400 || status == 404) {
            return CliFailure.usage(message);
        }
        return CliFailure.failed(message);
    }
}
