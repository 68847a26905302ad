package io.lmdeck.faults;

import static org.awaitility.Awaitility.await;

import io.lmdeck.http.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real server in its own JVM: {@code java -cp <test classpath> io.lmdeck.cli.Main serve …}, so it can be
 * frozen (SIGSTOP) and killed with SIGKILL like a crash, and restarted on the same data dir and port.
 */
final class ChildLmdeck implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private ChildLmdeck(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code serve} against {@code lmstudio} and waits until it answers {@code /healthz}. */
    static ChildLmdeck serve(URI lmstudio, Path dataDir, int port) {
        try {
            Path log = Files.createTempFile(dataDir.getParent(), "lmdeck-child", ".log");
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.lmdeck.cli.Main", "serve", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--lmstudio-url", lmstudio.toString(), "--data-dir", dataDir.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("LMDECK_TOKEN");
            builder.environment().remove("LMDECK_DB_URL");
            ChildLmdeck child = new ChildLmdeck(builder.start(), log, port);
            TestHttp http = child.http();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                if (!child.process.isAlive()) {
                    throw new AssertionError("lmdeck exited: " + child.logText());
                }
                return http.get("/healthz").statusCode() == 200;
            });
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestHttp http() {
        return new TestHttp(URI.create("http://127.0.0.1:" + port));
    }

    int port() {
        return port;
    }

    /** SIGSTOP: the JVM stops running, its sockets stay open (a hung process, as far as LM Studio can tell). */
    void freeze() throws IOException, InterruptedException {
        Process stop = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).inheritIO().start();
        if (!stop.waitFor(10, TimeUnit.SECONDS) || stop.exitValue() != 0) {
            throw new IOException("kill -STOP " + process.pid() + " failed");
        }
    }

    /** SIGKILL (kill -9): no shutdown hook, no flush, no goodbye. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("lmdeck did not die");
        }
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
