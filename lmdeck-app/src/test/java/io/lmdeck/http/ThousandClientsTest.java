package io.lmdeck.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench target: 1000 concurrent SSE clients (read by one NIO selector here, so the test itself needs no
 * thread per client) each receive every event, and the server does not grow a thread per client.
 */
class ThousandClientsTest {
    private static final int CLIENTS = 1000;
    private static final int EVENTS = 20;

    @Test
    void thousandClientsReceiveEveryEventWithoutAThreadEach() throws IOException {
        try (FakeBackedApi server = new FakeBackedApi(); Selector selector = Selector.open()) {
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            List<Client> clients = new ArrayList<>();
            byte[] request = "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < CLIENTS; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.api.port()));
                ch.write(ByteBuffer.wrap(request));
                ch.configureBlocking(false);
                Client c = new Client(ch);
                ch.register(selector, SelectionKey.OP_READ, c);
                clients.add(c);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            pump(selector, deadline, () -> clients.stream().allMatch(c -> c.text.indexOf("event: snapshot") >= 0));
            assertThat(server.api.sseClients()).isEqualTo(CLIENTS);
            int threadsAdded = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
            int busy = server.api.busyServerThreads();

            long start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                server.lifecycle.publishExternal("m" + i);
            }
            String last = "id: " + EVENTS + "\n";
            pump(selector, deadline, () -> clients.stream().allMatch(c -> c.text.indexOf(last) >= 0));
            Duration fanOut = Duration.ofNanos(System.nanoTime() - start);
            for (Client c : clients) {
                for (int id = 1; id <= EVENTS; id++) {
                    assertThat(c.text.indexOf("id: " + id + "\nevent: model_loaded_externally")).as("client got event " + id).isPositive();
                }
            }
            System.out.printf("1000 SSE clients: %d events delivered to all in %d ms; Jetty threads busy while connected: %d;"
                    + " JVM threads added (pool growth during the connect burst): %d%n", EVENTS, fanOut.toMillis(), busy, threadsAdded);
            assertThat(busy).as("Jetty threads busy with 1000 idle SSE clients").isBetween(0, 10);
            for (Client c : clients) {
                c.channel.close();
            }
        }
    }

    private static void pump(Selector selector, long deadline, java.util.function.BooleanSupplier done) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("deadline").isLessThan(deadline);
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Client c = (Client) key.attachment();
                buf.clear();
                int n = c.channel.read(buf);
                if (n > 0) {
                    c.text.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                } else if (n < 0) {
                    key.cancel();
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static final class Client {
        final SocketChannel channel;
        final StringBuilder text = new StringBuilder();

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }
}
