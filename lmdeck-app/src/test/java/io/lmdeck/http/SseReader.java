package io.lmdeck.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/** A test SSE client: reads one stream on its own thread and records every frame and comment. */
public final class SseReader implements AutoCloseable {
    /** One SSE frame; {@code id} is null when the frame had no {@code id:} line. */
    public record Frame(String id, String event, String data) {
    }

    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final List<String> commentLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpResponse<InputStream> response;
    private final Thread thread;
    private volatile boolean ended;

    private SseReader(HttpResponse<InputStream> response) {
        this.response = response;
        thread = new Thread(this::read, "test-sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    public static SseReader open(HttpClient client, URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        headers.forEach(b::header);
        HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseReader(response);
    }

    public static SseReader of(HttpResponse<InputStream> response) {
        return new SseReader(response);
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null || data.length() > 0) {
                        frames.add(new Frame(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    commentLines.add(line);
                    comments.incrementAndGet();
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        } finally {
            ended = true;
        }
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    public List<Frame> frames(String event) {
        return frames.stream().filter(f -> f.event().equals(event)).collect(Collectors.toList());
    }

    /** Every comment line so far, as sent (with its leading colon). */
    public List<String> commentLines() {
        return List.copyOf(commentLines);
    }

    public int comments() {
        return comments.get();
    }

    public boolean ended() {
        return ended;
    }

    /** Waits until a frame matching {@code p} arrived and returns it. */
    public Frame await(Predicate<Frame> p, Duration timeout) {
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(timeout).until(() -> frames.stream().anyMatch(p));
        return frames.stream().filter(p).findFirst().orElseThrow();
    }

    public Frame await(String event) {
        return await(f -> f.event().equals(event), Duration.ofSeconds(10));
    }

    /** Waits until the stream has at least {@code n} frames. */
    public void awaitCount(int n, Duration timeout) {
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(timeout).until(() -> frames.size() >= n);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
