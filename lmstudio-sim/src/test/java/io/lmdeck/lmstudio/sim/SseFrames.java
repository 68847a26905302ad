package io.lmdeck.lmstudio.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the frames of a text/event-stream body, each with its {@code event:} name (or null) and data. */
record SseFrames(List<Frame> frames) {
    record Frame(String event, String data) {
        JsonNode json() {
            try {
                return SimHttp.JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + data, e);
            }
        }
    }

    static SseFrames parse(List<String> lines) {
        List<Frame> out = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        for (String line : lines) {
            if (line.isEmpty()) {
                if (data != null) out.add(new Frame(event, data.toString()));
                event = null;
                data = null;
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }
        if (data != null) out.add(new Frame(event, data.toString()));
        return new SseFrames(List.copyOf(out));
    }

    List<String> events() {
        return frames.stream().map(Frame::event).toList();
    }

    Frame last() {
        return frames.get(frames.size() - 1);
    }
}
