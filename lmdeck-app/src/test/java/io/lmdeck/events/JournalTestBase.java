package io.lmdeck.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityStoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A journal (not yet started) over a real SQLite activity log in a temp dir, and a way to read what it delivers. */
abstract class JournalTestBase {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    ActivityLog log;
    EventJournal journal;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void openJournal() {
        log = ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir));
        journal = new EventJournal(log);
    }

    @AfterEach
    void closeJournal() {
        threads.shutdownNow();
        journal.close();
        log.close();
    }

    /** Polls until {@code count} events arrived; fails when they do not within {@link #WAIT}. */
    static List<LifecycleEvent> receive(Subscription subscription, int count) throws InterruptedException {
        List<LifecycleEvent> received = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            LifecycleEvent event = subscription.poll(Duration.ofMillis(200));
            if (event != null) {
                received.add(event);
            }
        }
        assertThat(received).as("events received").hasSize(count);
        return received;
    }
}
