package io.lmdeck.http;

import io.lmdeck.events.LifecycleEvent;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One SSE client, written with non-blocking servlet I/O: frames wait in a bounded queue and are written
 * whenever the socket can take them, so no thread is held per client and a slow client only fills its
 * own queue. {@link #offer} never blocks; when the queue is full the hub decides what to do (resync or close).
 */
final class SseConnection implements WriteListener, AsyncListener {
    private final int capacity;
    private final boolean followsState;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Consumer<SseConnection> onClose;
    private ServletOutputStream out;
    private boolean needsFlush;
    private boolean resyncPending;

    // Guarded by the hub's lock, not this object's: where this client is in the event sequence.
    long lastQueuedId;
    boolean live;
    final ArrayDeque<LifecycleEvent> held = new ArrayDeque<>();

    SseConnection(int capacity, boolean followsState, Consumer<SseConnection> onClose) {
        this.capacity = capacity;
        this.followsState = followsState;
        this.onClose = onClose;
    }

    /** Completes when the client is gone or the server closed the stream. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    int capacity() {
        return capacity;
    }

    /** Whether this client asked for the live-only {@code state} frames ({@code ?state=1}). */
    boolean followsState() {
        return followsState;
    }

    /** Starts writing to {@code stream} (async already started); frames offered earlier are sent first. */
    void attach(ServletOutputStream stream) {
        synchronized (this) {
            out = stream;
        }
        stream.setWriteListener(this);
    }

    /** Queues a frame; false when the queue is full (nothing queued). */
    synchronized boolean offer(byte[] frame) {
        if (closed.isDone()) {
            return true;
        }
        if (queue.size() >= capacity) {
            return false;
        }
        queue.add(frame);
        pump();
        return true;
    }

    /**
     * Drops everything queued and queues {@code frames} instead (resync notice and fresh snapshot).
     * False when a previous resync has not even been written yet: the client is hopelessly behind.
     */
    synchronized boolean replaceQueue(byte[]... frames) {
        if (resyncPending) {
            return false;
        }
        queue.clear();
        for (byte[] f : frames) {
            queue.add(f);
        }
        resyncPending = true;
        pump();
        return true;
    }

    synchronized int queued() {
        return queue.size();
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            pump();
        }
    }

    private void pump() {
        if (out == null || closed.isDone()) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next != null) {
                    out.write(next);
                    needsFlush = true;
                } else if (needsFlush) {
                    needsFlush = false;
                    out.flush();
                } else {
                    resyncPending = false;
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            close();
        }
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    /** Ends the stream; idempotent. */
    void close() {
        if (closed.complete(null)) {
            onClose.accept(this);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
