package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Periodic triggers for the owner (ticks and polls); tests replace them with manual timers. */
interface Timers extends AutoCloseable {
    void every(Duration period, Runnable task);

    @Override
    void close();

    /** One daemon thread that only posts commands to the owner. */
    static Timers scheduled() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lmdeck-lifecycle-timer");
            thread.setDaemon(true);
            return thread;
        });
        return new Timers() {
            @Override
            public void every(Duration period, Runnable task) {
                long millis = period.toMillis();
                scheduler.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                scheduler.shutdownNow();
            }
        };
    }
}
