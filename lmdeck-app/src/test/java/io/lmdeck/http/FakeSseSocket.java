package io.lmdeck.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A non-blocking output stream for {@link SseConnection}s that reports "not ready" while {@link #blocked}. */
final class FakeSseSocket extends ServletOutputStream {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private WriteListener listener;
    volatile boolean blocked;

    @Override
    public synchronized boolean isReady() {
        return !blocked;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        listener = writeListener;
        writePossible();
    }

    @Override
    public synchronized void write(int b) {
        written.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        written.write(b, off, len);
    }

    synchronized String text() {
        return written.toString(StandardCharsets.UTF_8);
    }

    void unblock() {
        blocked = false;
        writePossible();
    }

    private void writePossible() {
        try {
            listener.onWritePossible();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
