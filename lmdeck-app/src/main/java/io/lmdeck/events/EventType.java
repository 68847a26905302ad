package io.lmdeck.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The lifecycle events of the contract (section 3): SSE {@code event:} names and the activity log's {@code type}. */
public enum EventType {
    MODEL_LOADING_STARTED,
    /** Sent live on every progress change; persisted at most once per 10 % (see {@code ProgressThrottle}). */
    MODEL_LOADING_PROGRESS,
    MODEL_LOADING_COMPLETE,
    MODEL_LOADING_FAILED,
    MODEL_LOADING_CANCELLED,
    MODEL_UNLOADED,
    MODEL_LOADED_EXTERNALLY,
    MODEL_UNLOADED_EXTERNALLY,
    LMSTUDIO_ONLINE,
    LMSTUDIO_OFFLINE,
    ACTIVE_MODEL_CHANGED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    @JsonCreator
    static EventType parse(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown event type: " + name));
    }
}
