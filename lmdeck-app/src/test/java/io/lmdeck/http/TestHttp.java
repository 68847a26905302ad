package io.lmdeck.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A small java.net.http client for HTTP-level tests of a running lmdeck server. */
public final class TestHttp {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Map<String, String> headers = new HashMap<>();

    public TestHttp(URI base) {
        this.base = base;
    }

    /** Sends {@code Authorization: Bearer <token>} on every request from now on. */
    public TestHttp withToken(String token) {
        headers.put("Authorization", "Bearer " + token);
        return this;
    }

    public HttpClient client() {
        return client;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public HttpResponse<String> get(String path, String... extraHeaders) {
        return send(builder(path, extraHeaders).GET().build());
    }

    public HttpResponse<String> post(String path, String json, String... extraHeaders) {
        HttpRequest.Builder b = builder(path, extraHeaders);
        if (!hasHeader(extraHeaders, "Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path, String... extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            b.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        return b;
    }

    private static boolean hasHeader(String[] extra, String name) {
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Opens {@code /api/events} (or another SSE path) with optional extra headers. */
    public SseReader sse(String path, String... extraHeaders) {
        Map<String, String> h = new HashMap<>(headers);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            h.put(extraHeaders[i], extraHeaders[i + 1]);
        }
        try {
            return SseReader.open(client, uri(path), h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a chat and reads its SSE reply on a background thread. */
    public SseReader chat(String json, String... extraHeaders) {
        HttpRequest.Builder b = builder("/api/chat", extraHeaders).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            return SseReader.of(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /**
     * Sends a raw HTTP/1.1 request over a socket, for what java.net.http refuses to send (a foreign Host header).
     * Returns the status line and headers and body as text.
     */
    public static String raw(int port, String request) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
