package io.lmdeck.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lmdeck.testing.StubEventStreams;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for lmdeck that serves the shipped page ({@code /public} from the jar's resources) with canned JSON
 * answers and an {@code /api/events} stream the test writes to: for what the real server cannot produce on demand
 * (events of parts not built yet, edge cases). It records the paths the page asked for. Loopback only, free port.
 */
final class StubLmdeck implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, String> resources = new ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final StubEventStreams streams = new StubEventStreams();
    private volatile String snapshot = "{}";

    record Answer(int status, String json) {
    }

    StubLmdeck() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves a test resource at {@code path} (a harness page) instead of the shipped one. */
    StubLmdeck resource(String path, String resource) {
        resources.put(path, resource);
        return this;
    }

    /** Answers GET {@code path} with this status and JSON body. */
    StubLmdeck answer(String path, int status, String json) {
        answers.put(path, new Answer(status, json));
        return this;
    }

    /** The {@code snapshot} data every new event stream starts with. */
    StubLmdeck snapshot(String json) {
        snapshot = json;
        return this;
    }

    /** Sends an event to every open event stream. */
    void push(String event, String json) {
        streams.push("event: " + event + "\ndata: " + json + "\n\n");
    }

    int openStreams() {
        return streams.open();
    }

    /** The paths (without query) the page asked for, in order. */
    List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public void close() {
        streams.end();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        asked.add(path);
        if (path.equals("/api/events")) {
            streams.serve(exchange, snapshot);
            return;
        }
        Answer answer = answers.get(path);
        if (answer != null) {
            send(exchange, answer.status(), "application/json", answer.json().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String resource = resources.getOrDefault(path, "public" + (path.equals("/") ? "/index.html" : path));
        try (InputStream in = path.contains("..") ? null : StubLmdeck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                send(exchange, 404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            String ext = resource.substring(resource.lastIndexOf('.') + 1);
            send(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
