package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The CLI's side of lmdeck's HTTP API (contract section 2). Every failure becomes a {@link CliFailure} with the
 * contract's exit code: nothing reachable → 3, LM Studio offline (503 {@code lmstudio_offline}) → 3, a refused
 * request → the server's own message.
 *
 * <p>On {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: building an HttpClient sets up TLS
 * (the default SSLContext, the trust store) even for {@code http://}, which is most of a short CLI call's time.
 */
final class LmdeckHttp {
    /** Tells the server these requests come from the CLI, so its events carry {@code cause: "cli"}. */
    static final String CLIENT_HEADER = "X-Lmdeck-Client";

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

    private final URI base;
    private final String token;
    private final ObjectMapper json = JsonOutput.MAPPER;

    LmdeckHttp(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    URI base() {
        return base;
    }

    ObjectMapper json() {
        return json;
    }

    JsonNode get(String pathAndQuery) {
        return send("GET", pathAndQuery, null).body();
    }

    /** POSTs a JSON body; returns the status and the parsed answer (a 2xx; anything else is a CliFailure). */
    Answer post(String path, Object body) {
        try {
            return send("POST", path, json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PUTs a JSON body, as {@link #post}. */
    Answer put(String path, Object body) {
        try {
            return send("PUT", path, json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** Opens {@code GET /api/events}; {@code lastEventId} (nullable) asks the server to replay what came after it. */
    EventStream events(String lastEventId) {
        HttpURLConnection connection = open("GET", "/api/events", 0);
        connection.setRequestProperty("Accept", "text/event-stream");
        if (lastEventId != null) {
            connection.setRequestProperty("Last-Event-ID", lastEventId);
        }
        connect(connection);
        int status;
        try {
            status = connection.getResponseCode();
            if (status == 200) {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
                // Closing the stream drops the connection, which ends the reader thread's blocking read. It is done
                // on a thread of its own: disconnecting waits for the read in progress to let go of the stream.
                return new EventStream(reader.lines().onClose(() -> {
                    Thread closer = new Thread(connection::disconnect, "lmdeck-cli-events-close");
                    closer.setDaemon(true);
                    closer.start();
                }), json);
            }
        } catch (IOException e) {
            connection.disconnect();
            throw lost(e);
        }
        throw refused(status, errorBody(connection));
    }

    record Answer(int status, JsonNode body) {
    }

    private HttpURLConnection open(String method, String pathAndQuery, int readTimeoutMillis) {
        try {
            // No proxy, as before: lmdeck is on this machine or the network it names; never a proxy's guess.
            HttpURLConnection connection = (HttpURLConnection) resolve(pathAndQuery).toURL().openConnection(Proxy.NO_PROXY);
            connection.setRequestMethod(method);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty(CLIENT_HEADER, "cli");
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw CliFailure.usage("--server is not a URL lmdeck can reach: " + base);
        }
    }

    private URI resolve(String pathAndQuery) {
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + pathAndQuery);
    }

    private void connect(HttpURLConnection connection) {
        try {
            connection.connect();
        } catch (IOException e) {
            throw CliFailure.unreachable("cannot reach the lmdeck server at " + base
                    + " — start it with ./lmdeck serve (or ./lmdeck serve --simulator)");
        }
    }

    /**
     * One exchange, on a thread of its own so that the caller's wait can be interrupted (a second Ctrl-C stops
     * waiting for a stuck server): a blocking read on an HttpURLConnection cannot be. An abandoned exchange ends
     * by itself at the request timeout.
     */
    private Answer send(String method, String pathAndQuery, byte[] body) {
        FutureTask<Answer> exchange = new FutureTask<>(() -> exchange(method, pathAndQuery, body));
        Thread thread = new Thread(exchange, "lmdeck-cli-http");
        thread.setDaemon(true);
        thread.start();
        try {
            return exchange.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Answer exchange(String method, String pathAndQuery, byte[] body) {
        HttpURLConnection connection = open(method, pathAndQuery, REQUEST_TIMEOUT_MILLIS);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
        }
        connect(connection);
        int status;
        String text;
        try {
            if (body != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw refused(status, errorBody(connection));
            }
            try (InputStream in = connection.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (SocketTimeoutException e) {
            throw CliFailure.failed("the lmdeck server at " + base + " did not answer within "
                    + REQUEST_TIMEOUT_MILLIS / 1000 + " s");
        } catch (IOException e) {
            throw lost(e);
        }
        return new Answer(status, parse(text));
    }

    private static String errorBody(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw CliFailure.failed("the server at " + base + " answered something that is not JSON"
                    + " (is it really an lmdeck server?)");
        }
    }

    private CliFailure lost(IOException e) {
        return CliFailure.unreachable("lost the connection to the lmdeck server at " + base + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    }

    /** Maps an error answer ({@code {"error":{"code","message"}}}) to the exit code a script can act on. */
    private CliFailure refused(int status, String body) {
        return refusal(status, body).fromHttp(status);
    }

    private CliFailure refusal(int status, String body) {
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
