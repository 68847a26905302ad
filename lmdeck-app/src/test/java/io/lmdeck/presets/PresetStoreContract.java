package io.lmdeck.presets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityStoreOptions;
import io.lmdeck.lifecycle.GpuOffload;
import io.lmdeck.lifecycle.ManualClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the preset store must do on every database lmdeck supports; run against real SQLite and real PostgreSQL.
 * The schema comes from the shared Flyway migrations, applied by opening the activity log, as the server does.
 */
abstract class PresetStoreContract {
    private ActivityLog activity;
    PresetStore store;

    /** Options pointing at this test's own, initially empty, database. */
    abstract ActivityStoreOptions options();

    @BeforeEach
    void open() {
        activity = ActivityLogs.open(options());
        store = newStore();
    }

    PresetStore newStore() {
        return new JdbcPresetStore(ActivityLogs.dataSource(activity), new ManualClock(Instant.parse("2026-12-01T00:00:00Z")));
    }

    @AfterEach
    void close() {
        activity.close();
    }

    private static Preset full(String modelId, List<String> aliases) {
        return new Preset(modelId, 8192, GpuOffload.ratio(0.75), 3, 900, true, aliases);
    }

    @Test
    void an_empty_store_has_no_presets() {
        assertThat(store.all()).isEmpty();
        assertThat(store.find("qwen/qwen3-8b")).isEmpty();
        assertThat(store.delete("qwen/qwen3-8b")).isFalse();
    }

    @Test
    void a_preset_comes_back_exactly_as_saved_also_through_a_new_store() {
        Preset full = full("qwen/qwen3-8b", List.of("fast", "qwen", "team/coder:v2"));
        Preset sparse = new Preset("google/gemma-3-1b", null, GpuOffload.maximum(), null, null, false, List.of());
        Preset defaults = Preset.defaults("a/b");
        store.save(full);
        store.save(sparse);
        store.save(defaults);
        assertThat(newStore().all()).containsExactly(defaults, sparse, full);
        assertThat(newStore().find("qwen/qwen3-8b")).contains(full);
    }

    @Test
    void saving_replaces_the_whole_preset_aliases_included() {
        store.save(full("qwen/qwen3-8b", List.of("fast", "qwen")));
        Preset replaced = new Preset("qwen/qwen3-8b", null, null, 1, null, false, List.of("qwen", "small"));
        store.save(replaced);
        assertThat(store.find("qwen/qwen3-8b")).contains(replaced);
        // "fast" was released: another model may take it.
        store.save(full("google/gemma-3-1b", List.of("fast")));
        assertThat(store.find("google/gemma-3-1b").orElseThrow().aliases()).containsExactly("fast");
    }

    @Test
    void an_alias_of_another_model_is_a_conflict_and_changes_nothing() {
        store.save(full("qwen/qwen3-8b", List.of("fast")));
        Preset before = full("google/gemma-3-1b", List.of("tiny"));
        store.save(before);
        assertThatThrownBy(() -> store.save(full("google/gemma-3-1b", List.of("tiny", "fast"))))
                .isInstanceOf(PresetConflictException.class)
                .hasMessageContaining("fast")
                .hasMessageContaining("qwen/qwen3-8b");
        assertThat(store.find("google/gemma-3-1b")).contains(before);
    }

    @Test
    void delete_removes_the_preset_and_frees_its_aliases() {
        store.save(full("qwen/qwen3-8b", List.of("fast")));
        assertThat(store.delete("qwen/qwen3-8b")).isTrue();
        assertThat(store.all()).isEmpty();
        store.save(full("google/gemma-3-1b", List.of("fast")));
        assertThat(store.all()).extracting(Preset::modelId).containsExactly("google/gemma-3-1b");
    }
}
