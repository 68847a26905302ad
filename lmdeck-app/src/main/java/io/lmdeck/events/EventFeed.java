package io.lmdeck.events;

/** Live lifecycle events for subscribers such as SSE clients and the CLI's {@code events --follow}. */
public interface EventFeed {
    /**
     * Starts receiving every event published from now on, in id order, into a bounded buffer of
     * {@code capacity} events. A subscriber that falls behind by more than that is marked
     * {@linkplain Subscription#lagging() lagging} instead of slowing anyone down.
     */
    Subscription subscribe(int capacity);

    /** The id of the newest event handed to subscribers so far (0 when none). */
    long lastEventId();
}
