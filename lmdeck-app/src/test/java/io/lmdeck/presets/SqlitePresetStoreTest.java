package io.lmdeck.presets;

import io.lmdeck.activity.ActivityStoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The preset-store contract on a real SQLite file (the activity log's {@code lmdeck.db}). */
class SqlitePresetStoreTest extends PresetStoreContract {
    @TempDir
    Path dataDir;

    @Override
    ActivityStoreOptions options() {
        return ActivityStoreOptions.sqlite(dataDir);
    }
}
