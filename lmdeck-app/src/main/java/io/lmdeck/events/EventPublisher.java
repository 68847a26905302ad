package io.lmdeck.events;

/** Where lifecycle events go. {@link #publish} never blocks the caller on subscribers or I/O. */
public interface EventPublisher {
    /** Accepts a draft ({@code id} unassigned); the journal numbers it, persists it when it should, then fans it out. */
    void publish(LifecycleEvent draft);
}
