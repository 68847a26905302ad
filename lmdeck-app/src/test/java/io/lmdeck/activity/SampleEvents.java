package io.lmdeck.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.wire.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Journaled events for tests, and the wire form to compare them by. */
public final class SampleEvents {
    public static final Instant T0 = Instant.parse("2026-11-24T07:00:00.123Z");
    private static final ObjectMapper JSON = Json.newMapper();

    private SampleEvents() {
    }

    public static LifecycleEvent event(long id, EventType type, String modelId) {
        return new LifecycleEvent(id, type, T0.plusSeconds(id), modelId, modelId == null ? null : "op-" + id,
                Cause.USER, "LM Studio: event " + id + " for " + modelId, Map.of("n", (int) id));
    }

    public static LifecycleEvent at(long id, Instant at) {
        return new LifecycleEvent(id, EventType.MODEL_UNLOADED, at, "m", null, Cause.TTL, "unloaded " + id, Map.of());
    }

    public static LifecycleEvent draft(EventType type, String modelId, String operationId, Map<String, Object> details) {
        return LifecycleEvent.draft(type, T0, modelId, operationId, Cause.API, "LM Studio: " + type.wireName(), details);
    }

    /** The contract's JSON for an event: what SSE and GET /api/activity send. */
    public static String wire(LifecycleEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Long> ids(List<LifecycleEvent> events) {
        return events.stream().map(LifecycleEvent::id).toList();
    }
}
