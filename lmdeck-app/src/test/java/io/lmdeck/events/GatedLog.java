package io.lmdeck.events;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityPage;
import io.lmdeck.activity.ActivityQuery;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** An activity log whose writes wait until the test opens the gate: a database that is slow right now. */
class GatedLog implements ActivityLog {
    private final ActivityLog delegate;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch writerWaiting = new CountDownLatch(1);

    GatedLog(ActivityLog delegate) {
        this.delegate = delegate;
    }

    void open() {
        gate.countDown();
    }

    boolean writerIsWaiting() {
        return writerWaiting.getCount() == 0;
    }

    @Override
    public void append(LifecycleEvent event) {
        appendAll(List.of(event));
    }

    @Override
    public void appendAll(List<LifecycleEvent> events) {
        writerWaiting.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        delegate.appendAll(events);
    }

    @Override
    public ActivityPage page(ActivityQuery query) {
        return delegate.page(query);
    }

    @Override
    public List<LifecycleEvent> after(long afterId, int limit) {
        return delegate.after(afterId, limit);
    }

    @Override
    public long maxId() {
        return delegate.maxId();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
