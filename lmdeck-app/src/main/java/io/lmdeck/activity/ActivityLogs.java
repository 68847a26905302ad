package io.lmdeck.activity;

import java.time.Clock;
import javax.sql.DataSource;

/** Opens the activity log chosen by {@link ActivityStoreOptions}: SQLite by default, PostgreSQL for a jdbc:postgresql URL. */
public final class ActivityLogs {
    private ActivityLogs() {
    }

    /**
     * Connects, applies the shared Flyway migrations, prunes by retention once and schedules later pruning.
     *
     * @throws ActivityStoreException with a one-line, password-free message for a bad URL, an unreachable or
     *     refusing PostgreSQL, or an unwritable data directory (print it and exit 1; no stack trace needed)
     */
    public static ActivityLog open(ActivityStoreOptions options) {
        return open(options, Clock.systemUTC());
    }

    /**
     * The database {@code options} name, for the other stores kept in it (presets). Open the activity log first:
     * its migrations create their tables too.
     */
    public static DataSource dataSource(ActivityLog log) {
        if (log instanceof JdbcActivityLog jdbc) {
            return jdbc.database().dataSource();
        }
        throw new IllegalArgumentException("not a database-backed activity log: " + log.getClass().getSimpleName());
    }

    /** As {@link #open(ActivityStoreOptions)}, with the clock retention measures age by. */
    public static ActivityLog open(ActivityStoreOptions options, Clock clock) {
        Database database = Database.open(options);
        try {
            database.migrate();
            JdbcActivityLog log = new JdbcActivityLog(database, options.retention(), clock);
            log.startRetention();
            return log;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }
}
