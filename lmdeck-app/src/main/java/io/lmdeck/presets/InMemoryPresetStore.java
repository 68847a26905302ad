package io.lmdeck.presets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Presets kept in memory only: for an HTTP API started without a database (tests with fakes). */
final class InMemoryPresetStore implements PresetStore {
    private final Map<String, Preset> presets = new TreeMap<>();

    @Override
    public synchronized List<Preset> all() {
        return new ArrayList<>(presets.values());
    }

    @Override
    public synchronized Optional<Preset> find(String modelId) {
        return Optional.ofNullable(presets.get(modelId));
    }

    @Override
    public synchronized void save(Preset preset) {
        for (Preset other : presets.values()) {
            if (!other.modelId().equals(preset.modelId())) {
                other.aliases().stream().filter(preset.aliases()::contains).findFirst().ifPresent(alias -> {
                    throw new PresetConflictException("Alias '" + alias + "' already names " + other.modelId());
                });
            }
        }
        presets.put(preset.modelId(), preset);
    }

    @Override
    public synchronized boolean delete(String modelId) {
        return presets.remove(modelId) != null;
    }
}
