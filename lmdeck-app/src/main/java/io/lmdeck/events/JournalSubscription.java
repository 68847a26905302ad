package io.lmdeck.events;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A subscriber's bounded buffer. The journal only ever calls {@link #offer}, which never blocks. */
final class JournalSubscription implements Subscription {
    private final ArrayBlockingQueue<LifecycleEvent> buffer;
    private final Consumer<JournalSubscription> onClose;
    private volatile boolean lagging;
    private volatile boolean closed;

    JournalSubscription(int capacity, Consumer<JournalSubscription> onClose) {
        if (capacity < 1) {
            throw new IllegalArgumentException("subscription capacity must be at least 1, got " + capacity);
        }
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    /** False when the buffer was full: the subscriber is now lagging and gets nothing more. */
    boolean offer(LifecycleEvent event) {
        if (closed || lagging) {
            return false;
        }
        if (!buffer.offer(event)) {
            lagging = true;
            return false;
        }
        return true;
    }

    @Override
    public LifecycleEvent poll(Duration timeout) throws InterruptedException {
        return buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean lagging() {
        return lagging;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.accept(this);
        }
    }
}
