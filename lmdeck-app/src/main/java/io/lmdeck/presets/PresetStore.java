package io.lmdeck.presets;

import java.util.List;
import java.util.Optional;

/**
 * The presets set through the API, persisted (SQLite or PostgreSQL: {@link JdbcPresetStore}). Each call is one
 * transaction; failures are {@link PresetStoreException} (the database) or {@link PresetConflictException} (an alias
 * another model has).
 */
public interface PresetStore {
    /** Every stored preset, by model id. */
    List<Preset> all();

    Optional<Preset> find(String modelId);

    /** Replaces the whole preset of {@code preset.modelId()}, aliases included. */
    void save(Preset preset);

    /** Removes it; false when there was none. */
    boolean delete(String modelId);
}
