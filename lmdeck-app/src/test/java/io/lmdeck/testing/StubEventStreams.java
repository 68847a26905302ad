package io.lmdeck.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code /api/events} of a stand-in lmdeck (JDK HttpServer): each client gets a {@code snapshot} first, then
 * every frame the test sends, and a heartbeat comment when nothing happens. Used by the CLI's and the UI's stubs.
 */
public final class StubEventStreams {
    private static final String END = "\u0000end";

    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();

    /** Serves one client until it goes away or {@link #end} is called; blocks the exchange's thread meanwhile. */
    public void serve(HttpExchange exchange, String snapshotJson) throws IOException {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try (exchange) {
            out.write(("event: snapshot\ndata: " + snapshotJson + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            streams.add(frames);
            while (true) {
                String frame = frames.poll(10, TimeUnit.SECONDS);
                if (END.equals(frame)) {
                    break;
                }
                out.write((frame == null ? ": heartbeat\n\n" : frame).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException | IOException e) {
            // The client went away, or the stub is stopping.
        } finally {
            streams.remove(frames);
        }
    }

    /** Sends a whole SSE frame ({@code event:}/{@code data:} lines and the blank line) to every open stream. */
    public void push(String frame) {
        streams.forEach(s -> s.add(frame));
    }

    /** Ends every open stream, as a server shutting down would. */
    public void end() {
        streams.forEach(s -> s.add(END));
    }

    public int open() {
        return streams.size();
    }
}
