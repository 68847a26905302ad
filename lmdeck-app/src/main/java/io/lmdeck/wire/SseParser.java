package io.lmdeck.wire;

import java.util.Optional;

/**
 * Turns SSE lines into events (the text/event-stream rules: fields, comments, a blank line ends an event).
 * One reader of lmdeck's event stream for the CLI and the benchmarks.
 */
public final class SseParser {
    private String id;
    private String event;
    private StringBuilder data;

    /** Feeds one line; returns the event it completes, if any. Comments (heartbeats) complete nothing. */
    public Optional<SseEvent> accept(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id":
                id = value;
                break;
            case "event":
                event = value;
                break;
            case "data":
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
                break;
            default:
                break;
        }
        return Optional.empty();
    }

    private Optional<SseEvent> dispatch() {
        Optional<SseEvent> done = data == null
                ? Optional.empty()
                : Optional.of(new SseEvent(id, event == null ? "message" : event, data.toString()));
        // Unlike a browser, keep each event's own id (lmdeck ids every event; a missing id must not inherit one).
        id = null;
        event = null;
        data = null;
        return done;
    }
}
