package io.lmdeck.http;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.events.EventFeed;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.events.Subscription;
import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.LmStudioStatus;
import io.lmdeck.lifecycle.ModelLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the event feed out to every SSE client. One subscription and one thread for all clients: each
 * event is encoded once and offered (never blocking) to every client's bounded queue. A client whose queue
 * is full is told to resync ({@code event: resync} then a fresh {@code snapshot}); one that cannot even take
 * that is disconnected. Heartbeat comments keep idle connections alive and reveal dead ones.
 *
 * <p>Ordering and resume: {@link #lock} makes "register / go live" atomic with dispatch, so a resuming
 * client first holds live events, then gets the missed ones from the activity log, then the held ones
 * with ids it has not seen: no gap, no duplicate.
 *
 * <p>State: clients that follow it ({@code ?state=1}, the web UI) also get a live-only {@code state} frame after
 * each lifecycle step, with the new status and the catalogue entries that changed ({@link StateChange}), so they
 * never need to re-read status or catalogue. The delta is taken against {@link #shownStatus}/{@link #shownCatalog},
 * which every live follower holds: a client joins (snapshot) only at a moment when that is the current state.
 */
final class SseHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SseHub.class);
    private static final int FEED_CAPACITY = 8192;
    /** How often the state is compared when no event came: a few changes (LM Studio's estimate, memory) have none. */
    private static final long STATE_CHECK_NANOS = Duration.ofMillis(250).toNanos();
    /** At most this many queued events are dispatched before the state that follows them is sent. */
    private static final int BATCH = 256;

    private final EventFeed feed;
    private final ActivityLog activity;
    private final ModelLifecycle lifecycle;
    private final SseFrames frames;
    private final Duration heartbeat;
    private final Object lock = new Object();
    private final Set<SseConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread dispatcher;
    private volatile boolean running = true;
    private long cursor; // id of the last event dispatched; guarded by lock
    private Subscription subscription;
    private LmStudioStatus shownStatus; // guarded by lock: the state every live state-following client holds
    private Catalog shownCatalog;

    SseHub(EventFeed feed, ActivityLog activity, ModelLifecycle lifecycle, SseFrames frames, Duration heartbeat) {
        this.feed = feed;
        this.activity = activity;
        this.lifecycle = lifecycle;
        this.frames = frames;
        this.heartbeat = heartbeat;
        synchronized (lock) {
            subscription = feed.subscribe(FEED_CAPACITY);
            cursor = feed.lastEventId();
        }
        dispatcher = new Thread(this::run, "lmdeck-sse-hub");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    int clientCount() {
        return connections.size();
    }

    /** Registers a fresh client: its first frame is a snapshot, then every live event (and state, if it follows it). */
    SseConnection connect(int capacity, boolean followsState) {
        SseConnection conn = new SseConnection(capacity, followsState, connections::remove);
        synchronized (lock) {
            publishState();
            conn.live = true;
            conn.lastQueuedId = cursor;
            conn.offer(frames.snapshot(shown(cursor)));
            connections.add(conn);
        }
        return conn;
    }

    /**
     * Registers a client that saw events up to {@code lastEventId}: it receives what it missed from the activity
     * log, then a fresh snapshot, then live events. Too much missed (more than half its buffer) or an id this
     * server never issued ({@code null}: not even a number): {@code resync} and a snapshot instead.
     */
    SseConnection resume(int capacity, boolean followsState, Long lastEventId) {
        SseConnection conn = new SseConnection(capacity, followsState, connections::remove);
        long newest;
        synchronized (lock) {
            conn.live = false;
            newest = Math.max(cursor, feed.lastEventId()); // the journal may have announced more than we dispatched yet
            connections.add(conn);
        }
        int maxReplay = capacity / 2;
        List<LifecycleEvent> missed;
        try {
            missed = lastEventId == null || lastEventId > newest ? null : activity.after(lastEventId, maxReplay + 1);
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
        synchronized (lock) {
            publishState();
            if (missed == null || missed.size() > maxReplay) {
                conn.held.clear();
                conn.lastQueuedId = cursor;
                conn.offer(frames.resync(missed == null ? "unknown_last_event_id" : "too_many_missed_events", cursor));
                conn.offer(frames.snapshot(shown(cursor)));
            } else {
                long last = lastEventId;
                for (LifecycleEvent e : missed) {
                    conn.offer(frames.event(e));
                    last = e.id();
                }
                conn.lastQueuedId = last;
                conn.offer(frames.snapshot(shown(last)));
                for (LifecycleEvent e : conn.held) {
                    deliver(conn, e, frames.event(e));
                }
                conn.held.clear();
            }
            conn.live = true;
        }
        return conn;
    }

    /**
     * A live-only frame (the gateway's request events): offered to every client that is live now, never journaled nor
     * replayed, without an {@code id:} line so it never moves a client's {@code Last-Event-ID}. A resuming client still
     * catching up misses it, like any client that was not connected.
     */
    void publishLive(String name, Object data) {
        byte[] frame = frames.frame(name, data);
        synchronized (lock) {
            for (SseConnection conn : connections) {
                if (conn.live && !conn.offer(frame)) {
                    resync(conn, "slow_client");
                }
            }
        }
    }

    /** Caller holds {@link #lock}: the state every live follower holds (current right after {@link #publishState}). */
    private Snapshot shown(long lastEventId) {
        return new Snapshot(shownStatus, shownCatalog, lastEventId);
    }

    /** Caller holds {@link #lock}: what a client that starts over (resync) gets, consistent with what follows. */
    private Snapshot snapshotFor(SseConnection conn, long lastEventId) {
        return conn.followsState() ? shown(lastEventId) : new Snapshot(lifecycle.status(), lifecycle.catalog(), lastEventId);
    }

    /**
     * Caller holds {@link #lock}. Sends every live follower what changed since {@link #shownStatus}, and makes the
     * current state the shown one. The lifecycle hands out the same snapshot objects until something changes, so
     * an unchanged state costs two reads and two comparisons of references.
     */
    private void publishState() {
        LmStudioStatus status = lifecycle.status();
        Catalog catalog = lifecycle.catalog();
        if (status == shownStatus && catalog == shownCatalog) {
            return;
        }
        StateChange change = shownStatus == null ? null : StateChange.between(shownStatus, shownCatalog, status, catalog);
        shownStatus = status;
        shownCatalog = catalog;
        if (change == null) {
            return;
        }
        byte[] frame = frames.state(change);
        for (SseConnection conn : connections) {
            if (conn.live && conn.followsState() && !conn.offer(frame)) {
                resync(conn, "slow_client");
            }
        }
    }

    private void run() {
        long nextBeat = System.nanoTime() + heartbeat.toNanos();
        long nextCheck = System.nanoTime() + STATE_CHECK_NANOS;
        while (running) {
            try {
                long wait = Math.max(1, Math.min(nextBeat, nextCheck) - System.nanoTime());
                LifecycleEvent event = subscription.poll(Duration.ofNanos(wait));
                int batch = 0;
                while (event != null) {
                    dispatch(event);
                    event = ++batch < BATCH ? subscription.poll(Duration.ZERO) : null;
                }
                if (batch > 0 || System.nanoTime() - nextCheck >= 0) {
                    synchronized (lock) {
                        publishState(); // after the events it follows from, once per batch
                    }
                    nextCheck = System.nanoTime() + STATE_CHECK_NANOS;
                }
                if (subscription.lagging()) {
                    resubscribe();
                }
                if (System.nanoTime() - nextBeat >= 0) {
                    byte[] beat = SseFrames.heartbeat();
                    for (SseConnection conn : connections) {
                        conn.offer(beat); // a full queue already has data coming; a skipped beat is harmless
                    }
                    nextBeat = System.nanoTime() + heartbeat.toNanos();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("SSE dispatch failed; continuing", e);
            }
        }
    }

    private void dispatch(LifecycleEvent event) {
        byte[] frame = frames.event(event);
        synchronized (lock) {
            cursor = Math.max(cursor, event.id());
            for (SseConnection conn : connections) {
                if (conn.live) {
                    deliver(conn, event, frame);
                } else if (conn.held.size() < conn.capacity()) {
                    conn.held.add(event);
                }
            }
        }
    }

    /** Caller holds {@link #lock}. */
    private void deliver(SseConnection conn, LifecycleEvent event, byte[] frame) {
        if (event.id() <= conn.lastQueuedId) {
            return; // already sent from the activity log
        }
        conn.lastQueuedId = event.id();
        if (!conn.offer(frame)) {
            resync(conn, "slow_client");
        }
    }

    /** Caller holds {@link #lock}. */
    private void resync(SseConnection conn, String reason) {
        conn.lastQueuedId = cursor;
        if (!conn.replaceQueue(frames.resync(reason, cursor), frames.snapshot(snapshotFor(conn, cursor)))) {
            LOG.info("Closing an SSE client that cannot keep up");
            conn.close();
        }
    }

    /** The hub itself fell behind the feed (should not happen): every client resyncs. */
    private void resubscribe() {
        LOG.warn("SSE hub fell behind the event feed; telling every client to resync");
        synchronized (lock) {
            subscription.close();
            subscription = feed.subscribe(FEED_CAPACITY);
            cursor = Math.max(cursor, feed.lastEventId());
            for (SseConnection conn : connections) {
                conn.held.clear();
                resync(conn, "server_lagging");
            }
        }
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        try {
            dispatcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            subscription.close();
        }
        for (SseConnection conn : connections) {
            conn.close();
        }
    }
}
