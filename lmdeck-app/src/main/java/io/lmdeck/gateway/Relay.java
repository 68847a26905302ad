package io.lmdeck.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One request forwarded to LM Studio and its answer copied to the caller as it arrives: status, the headers that
 * matter, and the body byte for byte, each chunk flushed at once (event streams cut only at frame boundaries, see
 * {@link SseFrameCutter}). Nothing is buffered whole nor re-serialised. {@link #cancel()} (the caller left) aborts
 * the request to LM Studio, which then stops generating.
 */
public final class Relay {
    private static final int CHUNK = 16 * 1024;

    private final HttpClient http;
    private final HttpRequest request;
    private final Endpoint endpoint;
    private volatile boolean cancelled;
    private volatile CompletableFuture<HttpResponse<InputStream>> pending;
    private volatile InputStream body;

    Relay(HttpClient http, HttpRequest request, Endpoint endpoint) {
        this.http = http;
        this.request = request;
        this.endpoint = endpoint;
    }

    /** Sends the request and relays the answer to {@code sink}; blocks until the answer ended one way or another. */
    public RelayOutcome run(ClientSink sink) {
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            if (cancelled) pending.cancel(true);
            response = pending.get();
        } catch (CancellationException e) {
            return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, 0, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, 0, 0, null);
        } catch (ExecutionException e) {
            if (cancelled) return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, 0, 0, null);
            return unreachable(sink, e.getCause());
        }
        body = response.body();
        if (cancelled) closeQuietly(body);
        try (InputStream in = body) {
            return copy(response, in, sink, started);
        } catch (IOException e) {
            return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, response.statusCode(), 0, null);
        }
    }

    /** The caller is gone: abort the request to LM Studio (before or during its answer). Safe from any thread. */
    public void cancel() {
        cancelled = true;
        CompletableFuture<HttpResponse<InputStream>> p = pending;
        if (p != null) p.cancel(true);
        InputStream in = body;
        if (in != null) closeQuietly(in);
    }

    private RelayOutcome copy(HttpResponse<InputStream> response, InputStream in, ClientSink sink, long started)
            throws IOException {
        int status = response.statusCode();
        boolean eventStream = response.headers().firstValue("content-type")
                .map(t -> t.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false);
        try {
            sink.begin(status, relayedHeaders(response.headers()));
        } catch (IOException e) {
            return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, status, 0, null);
        }
        SseFrameCutter frames = eventStream ? new SseFrameCutter() : null;
        byte[] buffer = new byte[CHUNK];
        long relayed = 0;
        Long firstByte = null;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                if (cancelled) return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, status, relayed, firstByte);
                return brokeOff(sink, status, relayed, firstByte, eventStream, e);
            }
            if (n < 0) break;
            byte[] bytes = buffer;
            int offset = 0;
            int length = n;
            if (frames != null) {
                SseFrameCutter.Slice whole = frames.next(buffer, 0, n);
                bytes = whole.bytes();
                offset = whole.offset();
                length = whole.length();
            }
            if (length == 0) continue;
            try {
                sink.write(bytes, offset, length);
            } catch (IOException e) {
                cancel();
                return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, status, relayed, firstByte);
            }
            if (firstByte == null) firstByte = System.nanoTime() - started;
            relayed += length;
        }
        if (frames != null && frames.holdsPartialFrame()) {
            return brokeOff(sink, status, relayed, firstByte, true, new IOException("the stream ended mid-frame"));
        }
        return new RelayOutcome(RelayOutcome.Result.COMPLETED, status, relayed, firstByte);
    }

    /** LM Studio died mid-answer: a streaming caller gets an error frame in its dialect; others a cut-off reply. */
    private RelayOutcome brokeOff(ClientSink sink, int status, long relayed, Long firstByte, boolean eventStream,
                                  IOException cause) {
        if (eventStream) {
            byte[] frame = endpoint.streamErrorFrame("LM Studio stopped answering mid-reply (" + describe(cause) + ").");
            try {
                sink.write(frame, 0, frame.length);
                relayed += frame.length;
            } catch (IOException gone) {
                return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, status, relayed, firstByte);
            }
        }
        return new RelayOutcome(RelayOutcome.Result.UPSTREAM_BROKE, status, relayed, firstByte);
    }

    private RelayOutcome unreachable(ClientSink sink, Throwable cause) {
        GatewayError error = endpoint.dialect().upstreamFailed("LM Studio could not be reached (" + describe(cause) + ").");
        Map<String, String> headers = new LinkedHashMap<>(error.headers());
        headers.put("Content-Type", "application/json");
        try {
            sink.begin(error.status(), headers);
            sink.write(error.body(), 0, error.body().length);
        } catch (IOException gone) {
            return new RelayOutcome(RelayOutcome.Result.CLIENT_GONE, error.status(), 0, null);
        }
        return new RelayOutcome(RelayOutcome.Result.UPSTREAM_UNREACHABLE, error.status(), error.body().length, null);
    }

    /**
     * The answer's headers the caller should see: content type, caching, retry hints and the vendors' own
     * ({@code x-*}, {@code openai-*}, {@code anthropic-*}, {@code request-id}); never hop-by-hop or length headers,
     * which the gateway's own server sets for its connection.
     */
    static Map<String, String> relayedHeaders(HttpHeaders headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            boolean relayed = n.equals("content-type") || n.equals("cache-control") || n.equals("retry-after")
                    || n.equals("request-id") || n.startsWith("x-") || n.startsWith("openai-")
                    || n.startsWith("anthropic-");
            if (relayed && !values.isEmpty()) out.put(name, String.join(", ", values));
        });
        return out;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the request is aborted; nothing more to do
        }
    }
}
