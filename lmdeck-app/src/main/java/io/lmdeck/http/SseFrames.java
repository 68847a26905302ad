package io.lmdeck.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.events.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Server-Sent Events wire frames ({@code id:}, {@code event:}, {@code data:}), encoded once and shared by every client. */
public final class SseFrames {
    private final ObjectMapper mapper;

    public SseFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] event(LifecycleEvent event) {
        return frame(event.type().wireName(), event.id(), event);
    }

    byte[] snapshot(Snapshot snapshot) {
        return frame("snapshot", snapshot.lastEventId(), snapshot);
    }

    /** Live only: no {@code id:} line, so it never moves a client's {@code Last-Event-ID}. */
    byte[] state(StateChange change) {
        return frame("state", null, change);
    }

    byte[] resync(String reason, long lastEventId) {
        return frame("resync", null, Map.of("reason", reason, "last_event_id", lastEventId));
    }

    static byte[] heartbeat() {
        return ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
    }

    /** A frame without an {@code id:} line (chat status, delta, done, error). */
    public byte[] frame(String name, Object data) {
        return frame(name, null, data);
    }

    private byte[] frame(String name, Long id, Object data) {
        StringBuilder sb = new StringBuilder(256);
        if (id != null) {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("event: ").append(name).append('\n');
        // Jackson never emits raw newlines in compact JSON, so one data line always suffices.
        sb.append("data: ").append(json(data)).append("\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String json(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode SSE data of " + data.getClass().getSimpleName(), e);
        }
    }
}
