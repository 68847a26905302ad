package io.lmdeck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real lmdeck server in its own JVM ({@code java -jar <fat jar> serve}: the jar {@code ./lmdeck bench} names in
 * {@code LMDECK_SERVER_JAR}, the one users run), so its RSS and CPU are its own and the bench's clients do not
 * share its heap.
 */
final class LmdeckProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Path dataDir;
    private final URI url;
    private final long launchedNanos;

    private LmdeckProcess(Process process, Path log, Path dataDir, URI url, long launchedNanos) {
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
        this.url = url;
        this.launchedNanos = launchedNanos;
    }

    /** {@code serve --lmstudio-url <lmstudio>} on a free loopback port, with a fresh data dir. */
    static LmdeckProcess serve(URI lmstudio) throws IOException {
        return launch(List.of("--lmstudio-url", lmstudio.toString()));
    }

    /** {@code serve --simulator}: the bundled simulator inside the server's JVM (footprint). */
    static LmdeckProcess serveWithSimulator() throws IOException {
        return launch(List.of("--simulator"));
    }

    private static LmdeckProcess launch(List<String> serveOptions) throws IOException {
        int port = freePort();
        Path dataDir = Files.createTempDirectory("lmdeck-bench-data");
        Path log = Files.createTempFile("lmdeck-bench-server", ".log");
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("serve", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--data-dir", dataDir.toString()));
        command.addAll(serveOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("LMDECK_TOKEN");
        builder.environment().remove("LMDECK_DB_URL");
        long launched = System.nanoTime();
        Process process = builder.start();
        return new LmdeckProcess(process, log, dataDir, URI.create("http://127.0.0.1:" + port), launched);
    }

    /**
     * {@code java -jar <fat jar>} when {@code LMDECK_SERVER_JAR} names it (as {@code ./lmdeck bench} does), else the
     * CLI's main class on the bench's own classpath (which holds the application too), e.g. from an IDE.
     */
    static List<String> javaCommand() {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String serverJar = System.getenv("LMDECK_SERVER_JAR");
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        // ./lmdeck bench passes the JVM settings ./lmdeck serve uses, so the figures are what users get.
        String serverFlags = System.getenv("LMDECK_SERVER_JVM_FLAGS");
        if (serverFlags != null && !serverFlags.isBlank()) {
            command.addAll(List.of(serverFlags.trim().split("\\s+")));
        }
        command.addAll(serverJar != null && !serverJar.isBlank()
                ? List.of("-jar", serverJar)
                : List.of("-cp", System.getProperty("java.class.path"), "io.lmdeck.cli.Main"));
        return List.copyOf(command);
    }

    static boolean runsFromFatJar() {
        return javaCommand().contains("-jar");
    }

    /**
     * Waits until {@code GET /healthz} answers 200 and returns the time from launch to that answer.
     * Connection attempts every millisecond, so the figure is start-up, not polling granularity.
     */
    Duration awaitHealthy(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("lmdeck exited with " + process.exitValue() + " before serving:\n" + logTail());
            }
            if (healthy()) {
                return Duration.ofNanos(System.nanoTime() - launchedNanos);
            }
            pause(Duration.ofMillis(1));
        }
        throw new IOException("lmdeck did not answer /healthz within " + timeout + ":\n" + logTail());
    }

    private boolean healthy() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 200);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + url.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = socket.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    URI url() {
        return url;
    }

    int port() {
        return url.getPort();
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size from {@code /proc/<pid>/status} (VmRSS). */
    long rssBytes() {
        return Rss.of(process.pid());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(dataDir);
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A temp file left behind is harmless.
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Temp data left behind is harmless.
        }
    }
}
