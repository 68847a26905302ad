package io.lmdeck.events;

import java.util.List;

/**
 * What a reconnecting client (SSE {@code Last-Event-ID}) gets: the {@code missed} events from the activity log,
 * oldest first, and a {@code live} subscription that continues exactly after them (events already replayed are
 * skipped). Send {@code missed}, then poll {@code live}.
 *
 * <p>{@code complete} is false when the missed events cannot be replayed (the id is unknown to this journal, more
 * than {@link EventJournal#MAX_REPLAY} were missed, or the log could not be read): then {@code missed} is empty and
 * the client must first get a fresh snapshot, then the live events.
 */
public record Resumption(List<LifecycleEvent> missed, Subscription live, boolean complete) {
    public Resumption {
        missed = List.copyOf(missed);
    }
}
