package io.lmdeck.activity;

import io.lmdeck.events.LifecycleEvent;
import java.util.List;

/**
 * The persisted activity log (SQLite by default, PostgreSQL with {@code --db-url}). "Durable" below means: once
 * stored, an event survives lmdeck crashing or being killed; with SQLite, an OS crash or power cut may lose the
 * last moments (see {@code Database}); PostgreSQL commits as the server is configured.
 */
public interface ActivityLog extends AutoCloseable {
    /** Stores a journaled event (its id already assigned). Durable when this returns. */
    void append(LifecycleEvent event);

    /** Stores several journaled events in one transaction (all or none). Durable when this returns. */
    default void appendAll(List<LifecycleEvent> events) {
        events.forEach(this::append);
    }

    /** Newest first, keyset-paged by id. */
    ActivityPage page(ActivityQuery query);

    /** Events with id greater than {@code afterId}, oldest first, at most {@code limit}: Last-Event-ID replay. */
    List<LifecycleEvent> after(long afterId, int limit);

    /** The highest stored id, 0 when empty; the journal resumes numbering after it. */
    long maxId();

    @Override
    void close();
}
