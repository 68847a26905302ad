package io.lmdeck.bench;

import io.lmdeck.wire.SseEvent;
import io.lmdeck.wire.SseParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many SSE clients of {@code GET /api/events} on one selector thread: a thousand connections cost one thread
 * here, so what is measured is the server's fan-out, not the bench's scheduling. Every frame is handed to the
 * listener with the {@link System#nanoTime()} at which its bytes were read.
 */
final class SseSwarm implements AutoCloseable {
    /** Called on the selector thread; keep it short. */
    interface Listener {
        void frame(int client, SseEvent frame, long receivedNanos);
    }

    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final Listener listener;
    private final AtomicInteger snapshots = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private SseSwarm(int port, int clients, Listener listener) throws IOException {
        this.listener = listener;
        this.selector = Selector.open();
        byte[] request = ("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\nX-Lmdeck-Client: bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < clients; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            channel.register(selector, SelectionKey.OP_CONNECT, new Client(i, ByteBuffer.wrap(request.clone())));
            channels.add(channel);
        }
        thread = new Thread(this::loop, "bench-sse-swarm");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects {@code clients} SSE clients and waits until every one has its {@code snapshot}. */
    static SseSwarm connect(int port, int clients, Listener listener, Duration timeout) throws IOException {
        SseSwarm swarm = new SseSwarm(port, clients, listener);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (swarm.snapshots.get() < clients) {
            if (System.nanoTime() > deadline || swarm.failures.get() > 0) {
                swarm.close();
                throw new IOException(swarm.snapshots.get() + " of " + clients + " SSE clients got their snapshot within "
                        + timeout + " (" + swarm.failures.get() + " failed)");
            }
            LmdeckProcess.pause(Duration.ofMillis(10));
        }
        return swarm;
    }

    int failures() {
        return failures.get();
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        while (running) {
            try {
                selector.select(200);
            } catch (IOException e) {
                failures.incrementAndGet();
                return;
            }
            long now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                SocketChannel channel = (SocketChannel) key.channel();
                try {
                    if (key.isConnectable()) {
                        channel.finishConnect();
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else if (key.isWritable()) {
                        channel.write(client.request);
                        if (!client.request.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        buffer.clear();
                        int n = channel.read(buffer);
                        if (n < 0) {
                            throw new IOException("server closed the stream of client " + client.index);
                        }
                        buffer.flip();
                        buffer.get(bytes, 0, n);
                        client.feed(bytes, n, now);
                    }
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        failures.incrementAndGet();
                    }
                    key.cancel();
                    closeQuietly(channel);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel channel : channels) {
            closeQuietly(channel);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    /** Parses one connection: HTTP head, chunked (or plain) body, SSE lines, frames. */
    private final class Client {
        private final int index;
        private final ByteBuffer request;
        private final StringBuilder head = new StringBuilder();
        private boolean inBody;
        private boolean chunked;
        private long chunkLeft = -1; // -1: reading a chunk-size line; -2: the CRLF after a chunk's data
        private final StringBuilder chunkLine = new StringBuilder();
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private final SseParser parser = new SseParser();

        Client(int index, ByteBuffer request) {
            this.index = index;
            this.request = request;
        }

        void feed(byte[] bytes, int length, long now) throws IOException {
            int i = 0;
            while (!inBody && i < length) {
                head.append((char) bytes[i++]);
                if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                    String text = head.toString();
                    if (!text.startsWith("HTTP/1.1 200")) {
                        throw new IOException("SSE answered " + text.lines().findFirst().orElse(""));
                    }
                    chunked = text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                    inBody = true;
                }
            }
            for (; i < length; i++) {
                byte b = bytes[i];
                if (!chunked) {
                    body(b, now);
                } else if (chunkLeft == -1) {
                    if (b == '\n') {
                        String size = chunkLine.toString().trim();
                        int semicolon = size.indexOf(';');
                        chunkLeft = Long.parseLong(semicolon < 0 ? size : size.substring(0, semicolon), 16);
                        chunkLine.setLength(0);
                        if (chunkLeft == 0) {
                            throw new IOException("stream ended");
                        }
                    } else if (b != '\r') {
                        chunkLine.append((char) b);
                    }
                } else if (chunkLeft == -2) {
                    if (b == '\n') {
                        chunkLeft = -1;
                    }
                } else {
                    body(b, now);
                    if (--chunkLeft == 0) {
                        chunkLeft = -2;
                    }
                }
            }
        }

        private void body(byte b, long now) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            parser.accept(text).ifPresent(frame -> {
                if ("snapshot".equals(frame.event())) {
                    snapshots.incrementAndGet();
                }
                listener.frame(index, frame, now);
            });
        }
    }
}
