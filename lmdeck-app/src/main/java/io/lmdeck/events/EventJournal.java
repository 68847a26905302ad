package io.lmdeck.events;

import io.lmdeck.activity.ActivityLog;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place lifecycle events go through: numbers them, makes them durable, then announces them.
 *
 * <p>{@link #publish} only enqueues (it never blocks the lifecycle owner). A single journal thread takes the
 * events in order, gives each the next id (resuming after {@link ActivityLog#maxId()} at {@link #start()}),
 * stores the ones the activity log keeps ({@code model_loading_progress} at most once per 10 % step per
 * operation, everything else always) and only then offers each event to every subscriber's bounded buffer. So a
 * subscriber that receives event N can read N from the log. A full buffer marks that subscriber
 * {@linkplain Subscription#lagging() lagging} (it gets nothing more) instead of slowing anyone.
 *
 * <p>Because an event is stored before it is offered, a subscriber that resumes (SSE {@code Last-Event-ID}, done by
 * the HTTP layer's {@code SseHub}) finds every event either in the log or in its live buffer.
 *
 * <p>If storing fails (database down) the events are still announced and the failure is logged and counted
 * ({@link #persistFailures()}): live clients matter more than a log row that cannot be written anyway.
 *
 * <p>Lifecycle: {@code new EventJournal(log)}, {@link #start()}, then {@link #close()} which stops accepting,
 * drains what was already published and closes every subscription. It does not close the log: close the journal
 * first, then the log.
 */
public final class EventJournal implements EventPublisher, EventFeed, AutoCloseable {
    private static final int MAX_BATCH = 256;
    /** How long close() waits for a stuck database before giving up on the remaining events. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    /** Tells the journal thread to stop; compared by identity. */
    private static final LifecycleEvent STOP = LifecycleEvent.draft(
            EventType.LMSTUDIO_OFFLINE, Instant.EPOCH, null, null, Cause.SYSTEM, "stop", Map.of());

    private final ActivityLog log;
    /** What was published, a group per call: a group is stored in one transaction (one disk sync). */
    private final LinkedBlockingQueue<List<LifecycleEvent>> inbox = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<JournalSubscription> subscribers = new CopyOnWriteArrayList<>();
    private final ProgressThrottle throttle = new ProgressThrottle();
    private final AtomicLong persistFailures = new AtomicLong();
    private volatile long lastAssignedId;
    private volatile long lastDeliveredId;
    private volatile boolean accepting = true;
    private Thread thread;

    public EventJournal(ActivityLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Reads the highest stored id and starts the journal thread. Events published before this wait for it. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the event journal is already started");
        }
        long resumeAfter = log.maxId();
        lastAssignedId = resumeAfter;
        lastDeliveredId = resumeAfter;
        thread = new Thread(this::run, "lmdeck-event-journal");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(LifecycleEvent draft) {
        publishAll(List.of(Objects.requireNonNull(draft, "draft")));
    }

    /** Publishes drafts that belong together (one lifecycle step) so they are stored and announced together. */
    @Override
    public void publishAll(List<LifecycleEvent> drafts) {
        drafts.forEach(draft -> Objects.requireNonNull(draft, "draft"));
        if (drafts.isEmpty()) {
            return;
        }
        if (!accepting) {
            LOG.debug("{} event(s) published after the journal closed, dropped, the first: {}", drafts.size(),
                    drafts.get(0).type());
            return;
        }
        inbox.offer(List.copyOf(drafts));
    }

    @Override
    public Subscription subscribe(int capacity) {
        JournalSubscription subscription = new JournalSubscription(capacity, subscribers::remove);
        subscribers.add(subscription);
        return subscription;
    }

    /** The newest id announced (stored already when it was to be stored); subscribers may still be receiving it. */
    @Override
    public long lastEventId() {
        return lastDeliveredId;
    }

    /** How many batches of events could not be stored (they were still announced). */
    public long persistFailures() {
        return persistFailures.get();
    }

    /** Subscriptions currently receiving events (lagging and closed ones are gone). */
    public int subscriberCount() {
        return subscribers.size();
    }

    /**
     * Stops accepting events, stores and announces everything already published, then closes all subscriptions.
     * Waits at most 10 s for a stuck database.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
            running = thread;
        }
        if (running != null) {
            inbox.offer(List.of(STOP));
            try {
                running.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (running.isAlive()) {
                LOG.warn("The activity log did not take the last events within {} s; shutting down without them",
                        CLOSE_TIMEOUT.toSeconds());
            }
        }
        for (JournalSubscription subscription : List.copyOf(subscribers)) {
            subscription.close();
        }
    }

    private void run() {
        List<List<LifecycleEvent>> groups = new ArrayList<>();
        List<LifecycleEvent> drafts = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            groups.clear();
            drafts.clear();
            try {
                groups.add(inbox.take());
            } catch (InterruptedException e) {
                // Only close() may stop the journal: keep draining.
                continue;
            }
            inbox.drainTo(groups, MAX_BATCH - 1);
            groups.forEach(drafts::addAll);
            if (drafts.removeIf(draft -> draft == STOP)) {
                stopping = true;
                groups.clear();
                inbox.drainTo(groups); // published while close() began: still ours
                groups.forEach(drafts::addAll);
            }
            journal(drafts);
        }
    }

    private void journal(List<LifecycleEvent> drafts) {
        if (drafts.isEmpty()) {
            return;
        }
        List<LifecycleEvent> numbered = new ArrayList<>(drafts.size());
        List<LifecycleEvent> toStore = new ArrayList<>();
        long id = lastAssignedId;
        for (LifecycleEvent draft : drafts) {
            // Milliseconds: what the log stores, so a live event and its replay are identical.
            LifecycleEvent event = new LifecycleEvent(++id, draft.type(), draft.at().truncatedTo(ChronoUnit.MILLIS),
                    draft.modelId(), draft.operationId(), draft.cause(), draft.message(), draft.details());
            numbered.add(event);
            if (throttle.shouldPersist(event)) {
                toStore.add(event);
            }
        }
        lastAssignedId = id;
        store(toStore);
        for (LifecycleEvent event : numbered) {
            announce(event);
        }
    }

    private void store(List<LifecycleEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            log.appendAll(events);
        } catch (RuntimeException e) {
            persistFailures.incrementAndGet();
            LOG.warn("Could not store {} event(s) (ids {}..{}) in the activity log: {}", events.size(),
                    events.get(0).id(), events.get(events.size() - 1).id(), e.getMessage());
        }
    }

    private void announce(LifecycleEvent event) {
        // First, so a subscriber holding event N always sees lastEventId() >= N (N is stored already).
        lastDeliveredId = event.id();
        for (JournalSubscription subscription : subscribers) {
            if (!subscription.offer(event) && subscription.lagging()) {
                subscribers.remove(subscription);
            }
        }
    }
}
