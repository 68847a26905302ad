package io.lmdeck.events;

import java.time.Duration;

/** One subscriber's bounded view of the event feed. */
public interface Subscription extends AutoCloseable {
    /** The next event, waiting at most {@code timeout}; {@code null} when none arrived in time. */
    LifecycleEvent poll(Duration timeout) throws InterruptedException;

    /**
     * True once events had to be dropped because this subscriber's buffer was full. A lagging
     * subscriber must resync from a fresh snapshot (and the activity log) and then close this subscription.
     */
    boolean lagging();

    @Override
    void close();
}
