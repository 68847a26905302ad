package io.lmdeck.events;

import java.util.List;

/** Where lifecycle events go. {@link #publish} never blocks the caller on subscribers or I/O. */
public interface EventPublisher {
    /** Accepts a draft ({@code id} unassigned); the journal numbers it, persists it when it should, then fans it out. */
    void publish(LifecycleEvent draft);

    /** Publishes drafts that belong together; a journal may store them in one go. In order, like {@link #publish}. */
    default void publishAll(List<LifecycleEvent> drafts) {
        drafts.forEach(this::publish);
    }
}
