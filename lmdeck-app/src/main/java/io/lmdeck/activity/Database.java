package io.lmdeck.activity;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;

/**
 * One activity-log database (SQLite file or PostgreSQL server): how to connect, the shared Flyway migrations,
 * and a HikariCP pool of reusable connections. A connection that failed is discarded, so a PostgreSQL restart
 * heals on the next use.
 */
final class Database implements AutoCloseable {
    enum Kind { SQLITE, POSTGRESQL }

    /** At most this many connections at once, so a burst of HTTP reads cannot exhaust PostgreSQL's connection limit. */
    private static final int MAX_OPEN = 8;
    /**
     * How long a caller waits for a connection: the pool's eight all busy, or the server not answering. Short,
     * because events are stored before they are announced: while PostgreSQL is down each write waits this long
     * and then fails (the event is still announced), rather than holding up every live update for long.
     */
    private static final long CONNECTION_TIMEOUT_MS = 5_000;
    private static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;
    private static final String PG_CONNECT_TIMEOUT_SECONDS = "10";

    private final String description;
    private final HikariDataSource pool;
    /** SQLite's one-lmdeck lock, held until close; null for PostgreSQL (replicas share it). */
    private final SqliteFileLock singleReplica;

    private Database(String description, HikariDataSource pool, SqliteFileLock singleReplica) {
        this.description = description;
        this.pool = pool;
        this.singleReplica = singleReplica;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Chooses SQLite or PostgreSQL from the options and connects once, failing with a message a person can act
     * on: the driver's own ("Connection refused", "password authentication failed", "not a database").
     */
    static Database open(ActivityStoreOptions options) {
        String dbUrl = options.dbUrl();
        if (dbUrl == null) {
            Path file = options.dataDir().toAbsolutePath().resolve(ActivityStoreOptions.SQLITE_FILE_NAME);
            try {
                Files.createDirectories(file.getParent());
            } catch (Exception e) {
                throw new ActivityStoreException("Cannot create the data directory " + file.getParent() + ": " + e);
            }
            return sqlite("jdbc:sqlite:" + file);
        }
        String lower = dbUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return sqlite(dbUrl);
        }
        if (lower.startsWith("jdbc:postgresql://")) {
            return postgresql(dbUrl, options, lower);
        }
        String hint = lower.startsWith("postgres://") || lower.startsWith("postgresql://")
                ? " (write it as jdbc:postgresql://host:port/database, with --db-user and --db-password)"
                : "";
        throw new ActivityStoreException("Unsupported --db-url '" + redact(dbUrl) + "'" + hint
                + ": lmdeck keeps its activity log in SQLite (the default, in --data-dir) or in PostgreSQL"
                + " (jdbc:postgresql://host:port/database).");
    }

    private static Database sqlite(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL, as SQLite recommends for WAL: a commit survives lmdeck crashing or being killed (it is in the OS's
        // hands) and the file is never corrupted; only an OS crash or power cut can lose the last commits. Every
        // event is stored before it is announced, so a disk sync per commit (FULL) would be on every live
        // update's path (1-5 ms here): for an activity log, and state that is rebuilt from LM Studio, not worth it.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // SQLite allows one writer at a time: a connection that finds the file locked waits this long for it.
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        SqliteFileLock lock = SqliteFileLock.acquire(url);
        try {
            return connect(Kind.SQLITE, url, org.sqlite.JDBC.class, config.toProperties(), null, null, lock);
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    private static Database postgresql(String url, ActivityStoreOptions options, String lower) {
        // Checked here because the driver would refuse it with a message that repeats the URL, password included.
        if (org.postgresql.Driver.parseURL(url, new Properties()) == null) {
            throw new ActivityStoreException("Malformed --db-url '" + redact(url)
                    + "': write it as jdbc:postgresql://host:port/database.");
        }
        Properties props = new Properties();
        if (!lower.contains("connecttimeout=")) {
            props.setProperty("connectTimeout", PG_CONNECT_TIMEOUT_SECONDS);
        }
        return connect(Kind.POSTGRESQL, url, org.postgresql.Driver.class, props, options.dbUser(), options.dbPassword(),
                null);
    }

    private static Database connect(Kind kind, String url, Class<? extends java.sql.Driver> driver,
            Properties driverProperties, String user, String password, SqliteFileLock singleReplica) {
        String description = (kind == Kind.SQLITE ? "SQLite database " : "PostgreSQL database ") + redact(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("lmdeck-activity-log");
        config.setDriverClassName(driver.getName());
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setDataSourceProperties(driverProperties);
        config.setMaximumPoolSize(MAX_OPEN);
        // One connection kept open (the event journal writes through it); more are opened for bursts of reads
        // and closed again after HikariCP's idle timeout, so an idle lmdeck holds one.
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        try {
            return new Database(description, new HikariDataSource(config), singleReplica);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ActivityStoreException("Cannot connect to the " + description + ": "
                    + firstLine(cause.getMessage()), cause);
        }
    }

    /** "SQLite database jdbc:sqlite:/…/lmdeck.db" or the PostgreSQL URL, without secrets. */
    String description() {
        return description;
    }

    /** The same pooled database, for other stores sharing its migrations (presets). */
    DataSource dataSource() {
        return pool;
    }

    /** Applies the shared migrations (db/migration), failing with a message a person can act on. */
    void migrate() {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new ActivityStoreException("Cannot prepare the activity log in the " + description + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Runs {@code work} on a pooled connection (auto-commit again on return); SQL errors become
     * ActivityStoreException. When the connection turns out to be dead (the server restarted, an idle connection
     * was cut), the others idle beside it are presumed dead too and evicted, and the work is retried once on a
     * fresh connection; {@code work} is a single statement or a transaction, so this is safe.
     */
    <T> T withConnection(SqlWork<T> work) {
        try {
            return attempt(work);
        } catch (SQLException e) {
            if (!isConnectionFailure(e)) {
                throw failure(e);
            }
            pool.getHikariPoolMXBean().softEvictConnections();
            try {
                return attempt(work);
            } catch (SQLException again) {
                throw failure(again);
            }
        }
    }

    private <T> T attempt(SqlWork<T> work) throws SQLException {
        // Closing hands the connection back to HikariCP, which rolls back an unfinished transaction, restores
        // auto-commit, and discards the connection if it reported a connection failure.
        try (Connection connection = borrow()) {
            return work.run(connection);
        }
    }

    /** A connection within the timeout; not retried, so a server that is down costs one timeout per call. */
    private Connection borrow() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (pool.isClosed()) {
                throw new ActivityStoreException("The activity log is closed.");
            }
            if (e.getCause() instanceof SQLException cause) {
                throw new ActivityStoreException("Cannot connect to the " + description + ": "
                        + firstLine(cause.getMessage()), e);
            }
            throw new ActivityStoreException("The " + description + " is too busy: no connection within "
                    + CONNECTION_TIMEOUT_MS / 1000 + " s.", e);
        }
    }

    private ActivityStoreException failure(SQLException e) {
        return new ActivityStoreException("The activity log in the " + description + " failed: "
                + firstLine(e.getMessage()), e);
    }

    /** SQLState class 08: connection exception (PostgreSQL also uses 57P01..03 when an admin or shutdown ends it). */
    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    @Override
    public void close() {
        pool.close();
        if (singleReplica != null) {
            singleReplica.close();
        }
    }

    /** The URL with any password (query parameter or user-info) replaced by ***. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
