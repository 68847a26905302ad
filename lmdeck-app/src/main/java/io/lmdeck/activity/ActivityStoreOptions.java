package io.lmdeck.activity;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the activity log lives. With {@code dbUrl} null it is SQLite at {@code <dataDir>/lmdeck.db} (the
 * directory is created); a {@code jdbc:postgresql://host:port/db} URL switches to PostgreSQL with
 * {@code dbUser}/{@code dbPassword} (either may be null, e.g. when the URL carries them). A {@code jdbc:sqlite:}
 * URL is accepted too. {@code retention} null means {@link Retention#defaults()}.
 */
public record ActivityStoreOptions(Path dataDir, String dbUrl, String dbUser, String dbPassword, Retention retention) {
    public static final String SQLITE_FILE_NAME = "lmdeck.db";

    public ActivityStoreOptions {
        retention = retention == null ? Retention.defaults() : retention;
        dbUrl = dbUrl == null || dbUrl.isBlank() ? null : dbUrl.trim();
        if (dbUrl == null) {
            Objects.requireNonNull(dataDir, "dataDir (needed for the SQLite activity log)");
        }
    }

    /** SQLite in {@code dataDir} with default retention. */
    public static ActivityStoreOptions sqlite(Path dataDir) {
        return new ActivityStoreOptions(dataDir, null, null, null, null);
    }

    public ActivityStoreOptions withRetention(Retention newRetention) {
        return new ActivityStoreOptions(dataDir, dbUrl, dbUser, dbPassword, newRetention);
    }

    /** Never shows the password (records print every component by default). */
    @Override
    public String toString() {
        return "ActivityStoreOptions[dataDir=" + dataDir + ", dbUrl=" + Database.redact(dbUrl) + ", dbUser=" + dbUser
                + ", dbPassword=" + (dbPassword == null ? "null" : "***") + ", retention=" + retention + "]";
    }
}
