package io.lmdeck.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the database from the options, and the errors a user sees for bad settings. */
class ActivityLogsTest {
    @TempDir
    Path tempDir;

    @Test
    void a_non_jdbc_postgres_url_gets_a_hint_at_the_right_form() {
        assertThatThrownBy(() -> ActivityLogs.open(new ActivityStoreOptions(null,
                "postgres://lmdeck:hunter2@db.example/lmdeck", null, null, null)))
                .isInstanceOf(ActivityStoreException.class)
                .hasMessageContaining("Unsupported --db-url")
                .hasMessageContaining("jdbc:postgresql://host:port/database")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void another_database_kind_is_refused_by_name() {
        assertThatThrownBy(() -> ActivityLogs.open(new ActivityStoreOptions(null,
                "jdbc:mysql://127.0.0.1/lmdeck?password=hunter2", null, null, null)))
                .isInstanceOf(ActivityStoreException.class)
                .hasMessageStartingWith("Unsupported --db-url 'jdbc:mysql://127.0.0.1/lmdeck?password=***'");
    }

    @Test
    void a_malformed_postgresql_url_is_refused_without_the_password() {
        assertThatThrownBy(() -> ActivityLogs.open(new ActivityStoreOptions(null,
                "jdbc:postgresql://127.0.0.1:port/lmdeck?password=hunter2", null, null, null)))
                .isInstanceOf(ActivityStoreException.class)
                .hasMessage("Malformed --db-url 'jdbc:postgresql://127.0.0.1:port/lmdeck?password=***':"
                        + " write it as jdbc:postgresql://host:port/database.");
    }

    @Test
    void a_data_dir_that_cannot_be_created_is_named() throws Exception {
        Path aFile = Files.writeString(tempDir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> ActivityLogs.open(ActivityStoreOptions.sqlite(aFile.resolve("data"))))
                .isInstanceOf(ActivityStoreException.class)
                .hasMessageContaining("Cannot create the data directory " + aFile.resolve("data"));
    }

    @Test
    void a_file_that_is_not_a_database_is_named_with_the_reason() throws Exception {
        Path dataDir = Files.createDirectories(tempDir.resolve("data"));
        Files.writeString(dataDir.resolve("lmdeck.db"), "these are not the bytes of a database");
        assertThatThrownBy(() -> ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir)))
                .isInstanceOf(ActivityStoreException.class)
                .hasMessageStartingWith("Cannot connect to the SQLite database jdbc:sqlite:" + dataDir.resolve("lmdeck.db"))
                .hasMessageContaining("not a database");
    }

    @Test
    void a_jdbc_sqlite_url_is_used_as_given() {
        Path file = tempDir.resolve("elsewhere.db");
        try (ActivityLog log = ActivityLogs.open(new ActivityStoreOptions(null, "jdbc:sqlite:" + file, null, null, null))) {
            assertThat(log.maxId()).isZero();
        }
        assertThat(file).exists();
    }

    @Test
    void options_never_print_the_password() {
        ActivityStoreOptions options = new ActivityStoreOptions(null, "jdbc:postgresql://h/db?password=hunter2", "u", "pw-secret", null);
        assertThat(options.toString()).doesNotContain("hunter2").doesNotContain("pw-secret");
    }
}
