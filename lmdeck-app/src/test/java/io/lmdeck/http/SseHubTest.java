package io.lmdeck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.http.fakes.FakeJournal;
import io.lmdeck.http.fakes.FakeLifecycle;
import io.lmdeck.wire.Json;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's overflow policy, with a socket whose writability the test controls. */
class SseHubTest {
    private final FakeJournal journal = new FakeJournal();
    private final FakeLifecycle lifecycle = new FakeLifecycle(journal);
    private final SseHub hub = new SseHub(journal, journal, lifecycle, new SseFrames(Json.newMapper()), Duration.ofHours(1));

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aClientThatFallsBehindIsToldToResyncThenGetsASnapshotAndLiveEvents() {
        Socket socket = new Socket();
        SseConnection conn = hub.connect(8);
        conn.attach(socket);
        await().until(() -> socket.text().contains("event: snapshot"));
        socket.blocked = true;
        for (int i = 0; i < 12; i++) {
            lifecycle.publishExternal("m" + i);
        }
        // Events 1-8 filled the queue; event 9 overflowed it: the queue became resync + snapshot, then 10, 11, 12.
        await().until(() -> conn.queued() == 5);
        socket.unblock(conn);
        lifecycle.publishExternal("after");
        await().until(() -> socket.text().contains("id: 13\n"));
        String text = socket.text();
        int resync = text.indexOf("event: resync");
        int snapshot = text.indexOf("id: 9\nevent: snapshot");
        assertThat(resync).isPositive().isLessThan(snapshot);
        assertThat(snapshot).isLessThan(text.indexOf("id: 10\nevent: model_loaded_externally"));
        assertThat(text).contains("id: 11\nevent", "id: 12\nevent", "id: 13\nevent");
        for (int dropped = 1; dropped <= 9; dropped++) {
            assertThat(text).doesNotContain("id: " + dropped + "\nevent: model_loaded_externally");
        }
        assertThat(hub.clientCount()).isEqualTo(1);
    }

    @Test
    void aClientThatCannotEvenTakeTheResyncIsDisconnected() {
        Socket socket = new Socket();
        SseConnection conn = hub.connect(4);
        conn.attach(socket);
        await().until(() -> socket.text().contains("event: snapshot"));
        socket.blocked = true;
        for (int i = 0; i < 20; i++) {
            lifecycle.publishExternal("m" + i);
        }
        await().until(() -> conn.closed().isDone());
        assertThat(hub.clientCount()).isZero();
    }

    /** A non-blocking output stream that reports "not ready" while {@link #blocked}. */
    private static final class Socket extends ServletOutputStream {
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
            try {
                writeListener.onWritePossible();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
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

        void unblock(SseConnection conn) {
            blocked = false;
            try {
                listener.onWritePossible();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
