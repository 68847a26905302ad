package io.lmdeck.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds out, before anything else starts, whether the port to listen on is taken. Javalin logs a start-up
 * failure as an ERROR line of its own before throwing, which would precede lmdeck's one-line explanation; and
 * there is no point opening the database or starting the simulator only to stop them again.
 */
final class ListenPort {
    private ListenPort() {
    }

    /** Throws (an UncheckedIOException whose cause is the BindException) when {@code bind:port} is in use. */
    static void requireFree(String bind, int port) {
        if (port == 0) {
            return; // a free port is picked when listening
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty listens: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(bind, port));
        } catch (BindException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            // Anything else (an unknown address, …) is left for the real listener to report.
        }
    }
}
