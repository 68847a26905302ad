package io.lmdeck.events;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityStoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link CrashSafetyTest}: one thread publishes events as fast as it can (at most
 * {@value #IN_FLIGHT} ahead, so the journal works in batches), the main thread prints {@code ack <id> <operation>}
 * for each event as soon as the journal delivers it to a subscriber (which is when lmdeck tells the world about
 * it). The test kills it with SIGKILL at some point.
 */
public final class CrashingAppender {
    private static final int IN_FLIGHT = 100;

    private CrashingAppender() {
    }

    public static void main(String[] args) throws Exception {
        ActivityLog log = ActivityLogs.open(ActivityStoreOptions.sqlite(Path.of(args[0])));
        EventJournal journal = new EventJournal(log);
        journal.start();
        Subscription delivered = journal.subscribe(10_000);
        Semaphore window = new Semaphore(IN_FLIGHT);
        Thread publisher = new Thread(() -> {
            for (long n = 0; ; n++) {
                window.acquireUninterruptibly();
                journal.publish(LifecycleEvent.draft(EventType.MODEL_LOADING_STARTED, Instant.now(), "model-" + (n % 4),
                        "op-" + n, Cause.API, "LM Studio: Loading model " + n + "…", Map.of("n", n)));
            }
        });
        publisher.setDaemon(true);
        publisher.start();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            LifecycleEvent event = delivered.poll(Duration.ofSeconds(10));
            if (event != null) {
                System.out.println("ack " + event.id() + " " + event.operationId());
                System.out.flush();
                window.release();
            }
        }
    }
}
