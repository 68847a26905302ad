package io.lmdeck.activity;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Retention} to the activity log: at start-up and then periodically on its own thread. Deletes go
 * in batches of {@value #BATCH} rows, each its own short transaction, so the journal's appends slip in between.
 */
final class RetentionPruner implements AutoCloseable {
    static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPruner.class);

    private final JdbcActivityLog log;
    private final Retention retention;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    RetentionPruner(JdbcActivityLog log, Retention retention, Clock clock) {
        this.log = log;
        this.retention = retention;
        this.clock = clock;
    }

    /** Prunes once now (start-up), then every {@code retention.pruneEvery()}. */
    void start() {
        pruneNow();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lmdeck-activity-retention");
            thread.setDaemon(true);
            return thread;
        });
        long everyMillis = retention.pruneEvery().toMillis();
        scheduler.scheduleWithFixedDelay(this::pruneQuietly, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Deletes what retention no longer keeps; returns the number of deleted events. The newest row always stays. */
    long pruneNow() {
        long cutoffMillis = clock.instant().minus(retention.maxAge()).toEpochMilli();
        long deleted = deleteAll("SELECT id FROM activity WHERE at < ? AND id < (SELECT MAX(id) FROM activity)"
                + " ORDER BY id LIMIT " + BATCH, cutoffMillis);
        Long oldestKept = log.nthNewestId(retention.maxRows());
        if (oldestKept != null) {
            deleted += deleteAll("SELECT id FROM activity WHERE id < ? ORDER BY id LIMIT " + BATCH, oldestKept);
        }
        return deleted;
    }

    private long deleteAll(String idsToDelete, long parameter) {
        long total = 0;
        int deleted;
        do {
            deleted = log.deleteBatch(idsToDelete, parameter);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private void pruneQuietly() {
        try {
            long deleted = pruneNow();
            if (deleted > 0) {
                LOG.info("Activity log retention removed {} old events", deleted);
            }
        } catch (RuntimeException e) {
            // The next run tries again; the log keeps working meanwhile.
            LOG.warn("Activity log retention failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
