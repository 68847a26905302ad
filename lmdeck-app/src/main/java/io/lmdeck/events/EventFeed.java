package io.lmdeck.events;

/** Live lifecycle events for subscribers such as SSE clients and the CLI's {@code events --follow}. */
public interface EventFeed {
    /**
     * Starts receiving every event published from now on, in id order, into a bounded buffer of
     * {@code capacity} events. A subscriber that falls behind by more than that is marked
     * {@linkplain Subscription#lagging() lagging} instead of slowing anyone down.
     */
    Subscription subscribe(int capacity);

    /**
     * Resumes a client that saw every event up to {@code lastEventId} (SSE {@code Last-Event-ID}): subscribes
     * first, then reads what was missed from the activity log, so no event falls between the replay and the live
     * subscription, and none is delivered twice. Non-persisted progress events older than the replay are skipped.
     * See {@link Resumption} for what to send.
     */
    Resumption resumeAfter(long lastEventId, int capacity);

    /** The id of the newest event handed to subscribers so far (0 when none). */
    long lastEventId();
}
