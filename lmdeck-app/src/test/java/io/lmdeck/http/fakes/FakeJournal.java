package io.lmdeck.http.fakes;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityPage;
import io.lmdeck.activity.ActivityQuery;
import io.lmdeck.events.EventFeed;
import io.lmdeck.events.EventPublisher;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.events.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** In-memory journal: numbers events, persists every one, fans them out to bounded subscriptions. */
public final class FakeJournal implements EventPublisher, EventFeed, ActivityLog {
    private final List<LifecycleEvent> stored = new ArrayList<>();
    private final List<FakeSubscription> subscribers = new CopyOnWriteArrayList<>();
    private long lastId;

    @Override
    public synchronized void publish(LifecycleEvent draft) {
        LifecycleEvent event = draft.withId(++lastId);
        stored.add(event);
        for (FakeSubscription s : subscribers) {
            s.offer(event);
        }
    }

    @Override
    public Subscription subscribe(int capacity) {
        FakeSubscription s = new FakeSubscription(capacity);
        subscribers.add(s);
        return s;
    }

    @Override
    public synchronized long lastEventId() {
        return lastId;
    }

    @Override
    public synchronized void append(LifecycleEvent event) {
        stored.add(event);
    }

    @Override
    public synchronized ActivityPage page(ActivityQuery q) {
        List<LifecycleEvent> matching = stored.stream()
                .filter(e -> q.before() == null || e.id() < q.before())
                .filter(e -> q.modelId() == null || q.modelId().equals(e.modelId()))
                .filter(e -> q.type() == null || q.type() == e.type())
                .sorted(Comparator.comparingLong(LifecycleEvent::id).reversed())
                .collect(Collectors.toList());
        List<LifecycleEvent> page = matching.subList(0, Math.min(q.limit(), matching.size()));
        Long next = matching.size() > q.limit() ? page.get(page.size() - 1).id() : null;
        return new ActivityPage(page, next);
    }

    @Override
    public synchronized List<LifecycleEvent> after(long afterId, int limit) {
        return stored.stream().filter(e -> e.id() > afterId).limit(limit).collect(Collectors.toList());
    }

    @Override
    public synchronized long maxId() {
        return lastId;
    }

    @Override
    public void close() {
    }

    private final class FakeSubscription implements Subscription {
        private final BlockingQueue<LifecycleEvent> queue;
        private volatile boolean lagging;

        FakeSubscription(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity);
        }

        void offer(LifecycleEvent e) {
            if (!queue.offer(e)) {
                lagging = true;
            }
        }

        @Override
        public LifecycleEvent poll(Duration timeout) throws InterruptedException {
            return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public boolean lagging() {
            return lagging;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
