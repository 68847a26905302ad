package io.lmdeck.activity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;

/**
 * One activity-log database (SQLite file or PostgreSQL server): how to connect, the shared Flyway migrations,
 * and a small pool of reusable connections. A connection that failed is discarded, so a PostgreSQL restart
 * heals on the next use.
 */
final class Database implements AutoCloseable {
    enum Kind { SQLITE, POSTGRESQL }

    private static final int MAX_IDLE = 4;
    /** At most this many connections at once, so a burst of HTTP reads cannot exhaust PostgreSQL's connection limit. */
    private static final int MAX_OPEN = 8;
    private static final long BORROW_TIMEOUT_SECONDS = 30;
    private static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;
    private static final String PG_CONNECT_TIMEOUT_SECONDS = "10";

    private final Kind kind;
    private final String url;
    private final Properties connectionProperties;
    private final String description;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits = new Semaphore(MAX_OPEN, true);
    private volatile boolean closed;

    private Database(Kind kind, String url, Properties connectionProperties) {
        this.kind = kind;
        this.url = url;
        this.connectionProperties = connectionProperties;
        this.description = (kind == Kind.SQLITE ? "SQLite database " : "PostgreSQL database ") + redact(url);
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Chooses SQLite or PostgreSQL from the options; checks the URL but does not connect yet. */
    static Database of(ActivityStoreOptions options) {
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
            Properties props = new Properties();
            if (options.dbUser() != null) {
                props.setProperty("user", options.dbUser());
            }
            if (options.dbPassword() != null) {
                props.setProperty("password", options.dbPassword());
            }
            if (!lower.contains("connecttimeout=")) {
                props.setProperty("connectTimeout", PG_CONNECT_TIMEOUT_SECONDS);
            }
            return new Database(Kind.POSTGRESQL, dbUrl, props);
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
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        return new Database(Kind.SQLITE, url, config.toProperties());
    }

    Kind kind() {
        return kind;
    }

    /** "SQLite database jdbc:sqlite:/…/lmdeck.db" or the PostgreSQL URL, without secrets. */
    String description() {
        return description;
    }

    /** The same database as a plain DataSource (a new connection per call), for other stores sharing its migrations. */
    DataSource dataSource() {
        return new DriverDataSource(url, connectionProperties);
    }

    /** Applies the shared migrations (db/migration), failing with a message a person can act on. */
    void migrate() {
        // Connect once ourselves first: the driver's message ("Connection refused", "password authentication
        // failed") is clearer than Flyway's wrapping of it.
        withConnection(connection -> null);
        try {
            Map<String, String> jdbcProperties = new HashMap<>();
            connectionProperties.stringPropertyNames().stream()
                    .filter(name -> !name.equals("user") && !name.equals("password"))
                    .forEach(name -> jdbcProperties.put(name, connectionProperties.getProperty(name)));
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(url, connectionProperties.getProperty("user"), connectionProperties.getProperty("password"))
                    .jdbcProperties(jdbcProperties)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new ActivityStoreException("Cannot prepare the activity log in the " + description + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Runs {@code work} on a pooled connection (auto-commit on return); SQL errors become ActivityStoreException.
     * When a pooled connection turns out to be dead (the server restarted, an idle connection was cut), the work is
     * retried once on a fresh connection; {@code work} is a single statement or a transaction, so this is safe.
     */
    <T> T withConnection(SqlWork<T> work) {
        acquirePermit();
        try {
            Connection pooled = idle.pollFirst();
            if (pooled != null) {
                try {
                    return run(pooled, work);
                } catch (SQLException e) {
                    if (!isConnectionFailure(e)) {
                        throw failure(e);
                    }
                }
            }
            try {
                return run(connect(), work);
            } catch (SQLException e) {
                throw failure(e);
            }
        } finally {
            permits.release();
        }
    }

    private <T> T run(Connection connection, SqlWork<T> work) throws SQLException {
        boolean healthy = false;
        try {
            T result = work.run(connection);
            healthy = true;
            return result;
        } finally {
            release(connection, healthy);
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

    private void acquirePermit() {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActivityStoreException("Interrupted while waiting for the " + description + ".");
        }
        if (!acquired) {
            throw new ActivityStoreException("The " + description + " is too busy: no connection within "
                    + BORROW_TIMEOUT_SECONDS + " s.");
        }
    }

    private Connection connect() {
        if (closed) {
            throw new ActivityStoreException("The activity log is closed.");
        }
        try {
            Connection connection = DriverManager.getConnection(url, connectionProperties);
            if (connection == null) {
                throw new ActivityStoreException("Malformed database URL '" + redact(url) + "'.");
            }
            return connection;
        } catch (SQLException e) {
            throw new ActivityStoreException("Cannot connect to the " + description + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    private void release(Connection connection, boolean healthy) {
        try {
            if (healthy && !connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            healthy = false;
        }
        if (healthy && !closed && idle.size() < MAX_IDLE) {
            idle.offerFirst(connection);
            if (!closed) {
                return;
            }
            idle.remove(connection);
        }
        closeQuietly(connection);
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a broken connection: nothing more to do.
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
