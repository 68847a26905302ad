package io.lmdeck.events;

/** Live lifecycle events for subscribers such as SSE clients and the CLI's {@code events --follow}. */
public interface EventFeed {
    /**
     * Starts receiving every event published from now on, in id order, into a bounded buffer of
     * {@code capacity} events. A subscriber that falls behind by more than that is marked
     * {@linkplain Subscription#lagging() lagging} instead of slowing anyone down.
     *
     * <p>Gapless resume (SSE {@code Last-Event-ID}, in {@code SseHub}): subscribe first, then replay
     * {@code ActivityLog.after(id, …)}, then skip live events whose id is not above the last replayed one. The journal
     * stores an event before it hands it to any subscriber, so every event is in the replay or in the buffer.
     */
    Subscription subscribe(int capacity);

    /** The id of the newest event handed to subscribers so far (0 when none). */
    long lastEventId();
}
