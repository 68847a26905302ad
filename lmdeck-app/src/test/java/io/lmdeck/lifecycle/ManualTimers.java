package io.lmdeck.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Periodic tasks that run only when the test advances time (moving the manual clock with them). */
final class ManualTimers implements Timers {
    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task {
        final Duration period;
        final Runnable action;
        Instant due;

        Task(Duration period, Runnable action, Instant due) {
            this.period = period;
            this.action = action;
            this.due = due;
        }
    }

    ManualTimers(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void every(Duration period, Runnable task) {
        tasks.add(new Task(period, task, clock.instant().plus(period)));
    }

    /** Moves time forward, running every task that falls due on the way, in time order. */
    void advance(Duration duration) {
        Instant target = clock.instant().plus(duration);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(target))
                        .min(Comparator.comparing((Task t) -> t.due)).orElse(null);
                if (next == null) {
                    break;
                }
                clock.set(next.due);
                next.due = next.due.plus(next.period);
            }
            next.action.run();
        }
        clock.set(target);
    }

    @Override
    public synchronized void close() {
        tasks.clear();
    }
}
