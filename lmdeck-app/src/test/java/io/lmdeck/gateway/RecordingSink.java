package io.lmdeck.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Test sink: records what the caller would get, chunk by chunk; can play a caller that leaves after N writes. */
final class RecordingSink implements ClientSink {
    private final int failOnWrite;
    private final Consumer<String> onWrite;
    volatile int status;
    volatile Map<String, String> headers;
    final List<String> chunks = new ArrayList<>();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();

    RecordingSink() {
        this(Integer.MAX_VALUE, chunk -> { });
    }

    /** @param failOnWrite the write (1-based) that fails as if the caller had gone; @param onWrite sees each chunk */
    RecordingSink(int failOnWrite, Consumer<String> onWrite) {
        this.failOnWrite = failOnWrite;
        this.onWrite = onWrite;
    }

    @Override
    public void begin(int status, Map<String, String> headers) {
        this.status = status;
        this.headers = headers;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (chunks.size() + 1 >= failOnWrite) throw new IOException("Broken pipe");
        String chunk = new String(bytes, offset, length, StandardCharsets.UTF_8);
        chunks.add(chunk);
        all.write(bytes, offset, length);
        onWrite.accept(chunk);
    }

    synchronized byte[] bytes() {
        return all.toByteArray();
    }

    synchronized String text() {
        return all.toString(StandardCharsets.UTF_8);
    }

    String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
