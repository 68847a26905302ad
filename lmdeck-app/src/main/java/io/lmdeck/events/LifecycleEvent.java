package io.lmdeck.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One lifecycle event, exactly the contract's event data:
 * {@code {"id","type","at","model_id","operation_id","cause","message","details"}}.
 *
 * <p>Producers create drafts with {@link #draft}; the event journal assigns the {@code id}
 * (strictly increasing, shared by the SSE {@code id:} line and the activity log row).
 * {@code details} is an immutable map of JSON-friendly values.
 */
public record LifecycleEvent(
        long id,
        EventType type,
        Instant at,
        String modelId,
        String operationId,
        Cause cause,
        String message,
        Map<String, Object> details) {

    /** Not yet journaled. */
    public static final long UNASSIGNED = 0L;

    public LifecycleEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(message, "message");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static LifecycleEvent draft(
            EventType type, Instant at, String modelId, String operationId, Cause cause, String message,
            Map<String, Object> details) {
        return new LifecycleEvent(UNASSIGNED, type, at, modelId, operationId, cause, message, details);
    }

    public LifecycleEvent withId(long newId) {
        return new LifecycleEvent(newId, type, at, modelId, operationId, cause, message, details);
    }
}
