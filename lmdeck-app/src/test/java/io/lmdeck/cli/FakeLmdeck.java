package io.lmdeck.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lmdeck.testing.StubEventStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in lmdeck server for CLI tests: answers contract-shaped JSON (canned or computed per request), records
 * every request, and streams Server-Sent Events that the test pushes. Loopback only, on a free port.
 */
final class FakeLmdeck implements AutoCloseable {
    record Request(String method, String pathAndQuery, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Response(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final StubEventStreams streams = new StubEventStreams();
    private volatile String snapshot = "{\"lmstudio\":{\"online\":true,\"status\":\"idle\",\"loading\":null}}";

    FakeLmdeck() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeLmdeck json(String method, String path, int status, String body) {
        return route(method, path, request -> new Response(status, body));
    }

    FakeLmdeck route(String method, String path, Function<Request, Response> answer) {
        routes.put(method + " " + path, answer);
        return this;
    }

    FakeLmdeck snapshot(String data) {
        snapshot = data.replace("\n", "");
        return this;
    }

    /** Sends an SSE event to every connected client. */
    void push(long id, String event, String data) {
        streams.push("id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n");
    }

    /** Sends an SSE event without an {@code id:} line (resync notices, later snapshots). */
    void pushUnnumbered(String event, String data) {
        streams.push("event: " + event + "\ndata: " + data + "\n\n");
    }

    /** Ends every open event stream, as a server shutting down would. */
    void endStreams() {
        streams.end();
    }

    int connectedStreams() {
        return streams.open();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(pathPrefix))
                .collect(java.util.stream.Collectors.toList());
    }

    @Override
    public void close() {
        endStreams();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        Request request = new Request(exchange.getRequestMethod(), query == null ? path : path + "?" + query, body,
                Map.copyOf(exchange.getRequestHeaders()));
        requests.add(request);
        if (path.equals("/api/events") && "GET".equals(request.method())) {
            streams.serve(exchange, snapshot);
            return;
        }
        Function<Request, Response> route = routes.get(request.method() + " " + path);
        Response response = route != null ? route.apply(request)
                : new Response(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route " + path + "\"}}");
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
