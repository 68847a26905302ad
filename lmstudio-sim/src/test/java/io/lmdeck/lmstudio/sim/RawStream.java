package io.lmdeck.lmstudio.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: a streamed POST over a plain socket, read line by line as the server sends it, that a test can
 * drop at any moment (a client that goes away mid-stream).
 */
final class RawStream implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;

    RawStream(String baseUrl, String path, String json) {
        URI uri = URI.create(baseUrl);
        try {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(10_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until a line starting with {@code prefix} arrives and returns it (null at the end of the stream). */
    String awaitLine(String prefix) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(prefix)) return line;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads to the end of the response (the server closes it: {@code Connection: close}). */
    String readRest() {
        StringBuilder out = new StringBuilder();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) out.append(line).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
