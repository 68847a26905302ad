package io.lmdeck.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Test double for LM Studio at the socket level: records one request exactly as it arrived and answers with raw
 * bytes a test scripts, including a connection that dies mid-answer (no real server would do that on purpose).
 */
final class ScriptedUpstream implements AutoCloseable {
    /** One request as received: request line, headers (lower-case names) and body bytes. */
    record Received(String requestLine, Map<String, String> headers, byte[] body) {}

    /** Writes the answer to the socket; the connection is closed right after. */
    interface Script {
        void answer(OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    final CompletableFuture<Received> received = new CompletableFuture<>();

    ScriptedUpstream(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                received.complete(read(s.getInputStream()));
                script.answer(s.getOutputStream());
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        }, "scripted-upstream");
        t.setDaemon(true);
        t.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private static Received read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("request ended early");
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Received(lines[0], headers, body);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One HTTP/1.1 chunk. */
    static byte[] chunk(String data) {
        byte[] d = ascii(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(Integer.toHexString(d.length) + "\r\n"));
        out.writeBytes(d);
        out.writeBytes(ascii("\r\n"));
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
