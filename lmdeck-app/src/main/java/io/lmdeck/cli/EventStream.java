package io.lmdeck.cli;

import io.lmdeck.wire.SseEvent;
import io.lmdeck.wire.SseParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A live {@code GET /api/events} stream. A daemon thread reads it into a queue, so the caller can post a
 * request after subscribing and still see every event about it, and can stop waiting on Ctrl-C.
 */
final class EventStream implements AutoCloseable {
    /** A received event with its JSON data parsed. */
    record Event(String id, String name, JsonNode data) {
        String type() {
            return data.path("type").asText(name);
        }

        String operationId() {
            return Api.text(data, "operation_id");
        }

        String modelId() {
            return Api.text(data, "model_id");
        }
    }

    private static final Event END = new Event(null, "", null);

    private final Stream<String> lines;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;

    EventStream(Stream<String> lines, ObjectMapper json) {
        this.lines = lines;
        this.reader = new Thread(() -> read(json), "lmdeck-cli-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next event, waiting at most {@code millis}; empty on timeout. Throws when the server ended the stream. */
    Optional<Event> next(long millis) throws InterruptedException {
        Event event = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (event == END) {
            queue.add(END);
            throw new StreamEnded();
        }
        return Optional.ofNullable(event);
    }

    @Override
    public void close() {
        closed = true;
        lines.close();
        reader.interrupt();
    }

    static final class StreamEnded extends RuntimeException {
        StreamEnded() {
            super("the lmdeck server closed the event stream", null, false, false);
        }
    }

    private void read(ObjectMapper json) {
        SseParser parser = new SseParser();
        try {
            Iterator<String> it = lines.iterator();
            while (it.hasNext() && !closed) {
                parser.accept(it.next()).ifPresent(event -> queue.add(parse(event, json)));
            }
        } catch (RuntimeException e) {
            // The connection dropped or was closed by us: either way the stream has ended.
        } finally {
            queue.add(END);
        }
    }

    private static Event parse(SseEvent event, ObjectMapper json) {
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (IOException e) {
            data = json.createObjectNode().put("message", event.data());
        }
        return new Event(event.id(), event.event(), data);
    }
}
