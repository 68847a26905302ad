package io.lmdeck.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activity-log contract on a real SQLite file, plus what is SQLite-specific (file location, WAL). */
class SqliteActivityLogTest extends ActivityLogContract {
    @TempDir
    Path tempDir;

    Path dataDir() {
        return tempDir.resolve("nested/data-dir");
    }

    @Override
    ActivityStoreOptions options(Retention retention) {
        return ActivityStoreOptions.sqlite(dataDir()).withRetention(retention);
    }

    @Test
    void the_database_is_lmdeck_db_in_a_created_data_dir_in_wal_mode() throws Exception {
        open().append(SampleEvents.event(1, io.lmdeck.events.EventType.LMSTUDIO_ONLINE, null));
        Path file = dataDir().resolve("lmdeck.db");
        assertThat(file).exists();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet mode = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
        }
        assertThat(Files.exists(dataDir().resolve("lmdeck.db-wal"))).isTrue();
    }
}
