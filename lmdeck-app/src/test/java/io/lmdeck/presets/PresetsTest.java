package io.lmdeck.presets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.GpuOffload;
import io.lmdeck.lifecycle.LoadRequest;
import io.lmdeck.lifecycle.ModelState;
import io.lmdeck.lifecycle.ModelType;
import io.lmdeck.lifecycle.LmStudioPort;
import io.lmdeck.lifecycle.ModelPolicy;
import io.lmdeck.lifecycle.ModelView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The presets in effect (stored over file), alias resolution and the defaults a load gets, without HTTP. */
class PresetsTest {
    private static final String QWEN = "qwen/qwen3-8b";
    private static final String GEMMA = "google/gemma-3-1b";
    private static final String LLAMA = "meta/llama-3-8b";

    private Catalog catalog = catalog(true, QWEN, GEMMA, LLAMA);
    private final ConfigFile file = new ConfigFile(Map.of(
            QWEN, new Preset(QWEN, 4096, GpuOffload.maximum(), null, 300, false, List.of("fast", "qwen")),
            LLAMA, new Preset(LLAMA, null, null, null, null, true, List.of("llama"))));
    private final Presets presets = new Presets(new InMemoryPresetStore(), file, () -> catalog);

    private static Catalog catalog(boolean online, String... ids) {
        return new Catalog(online, !online, Stream.of(ids).map(id -> new ModelView(new LmStudioPort.Model(id, id, ModelType.LLM, "p", "a", "q",
                "8B", 1L, 8192, "gguf", false, false, List.of()), ModelState.NOT_LOADED, null, List.of())).toList());
    }

    @Test
    void a_stored_preset_replaces_the_file_s_whole_and_takes_its_aliases() {
        presets.put(new Preset(GEMMA, 2048, null, null, null, false, List.of("tiny")));
        assertThatThrownBy(() -> presets.put(new Preset(GEMMA, null, null, null, null, false, List.of("fast"))))
                .isInstanceOf(PresetConflictException.class).hasMessageContaining(QWEN);
        presets.put(new Preset(QWEN, 8192, null, null, null, false, List.of("qwen3")));
        assertThat(presets.get(QWEN)).isEqualTo(new Presets.Effective(
                new Preset(QWEN, 8192, null, null, null, false, List.of("qwen3")), PresetSource.API));
        assertThat(presets.list()).extracting(e -> e.preset().modelId() + ":" + e.source().wire())
                .containsExactly(GEMMA + ":api", LLAMA + ":config", QWEN + ":api");
        // "fast" was the file's qwen alias; the stored qwen preset dropped it, so gemma may have it now.
        presets.put(new Preset(GEMMA, null, null, null, null, false, List.of("fast")));
        assertThat(presets.resolve("fast")).isEqualTo(GEMMA);
    }

    @Test
    void a_file_alias_taken_by_a_stored_preset_belongs_to_the_stored_one() {
        Presets withStored = new Presets(storeWith(new Preset(GEMMA, null, null, null, null, false, List.of("fast"))),
                file, () -> catalog);
        assertThat(withStored.resolve("fast")).isEqualTo(GEMMA);
        assertThat(withStored.get(QWEN).preset().aliases()).containsExactly("qwen");
    }

    @Test
    void a_model_key_wins_over_an_alias_and_unknown_names_pass_through() {
        assertThat(presets.resolve("qwen")).isEqualTo(QWEN);
        catalog = catalog(true, QWEN, GEMMA, LLAMA, "qwen");
        assertThat(presets.resolve("qwen")).as("a model downloaded later under that key").isEqualTo("qwen");
        assertThat(presets.resolve("nobody/nothing")).isEqualTo("nobody/nothing");
        assertThatThrownBy(() -> presets.put(new Preset(GEMMA, null, null, null, null, false, List.of(LLAMA))))
                .isInstanceOf(PresetConflictException.class).hasMessageContaining("key of a model");
    }

    @Test
    void a_load_gets_what_it_leaves_out_from_the_preset() {
        LoadRequest bare = presets.withDefaults(LoadRequest.of("fast", Cause.CLI));
        assertThat(bare).as("not the preset's TTL: lmdeck applies it, LM Studio never gets it")
                .isEqualTo(new LoadRequest(QWEN, 4096, GpuOffload.maximum(), null, false, Cause.CLI));
        LoadRequest explicit = presets.withDefaults(new LoadRequest(QWEN, 16384, GpuOffload.ratio(0.25), 60, true, Cause.API));
        assertThat(explicit).isEqualTo(new LoadRequest(QWEN, 16384, GpuOffload.ratio(0.25), 60, true, Cause.API));
        assertThat(presets.withDefaults(LoadRequest.of(GEMMA, Cause.USER))).isEqualTo(LoadRequest.of(GEMMA, Cause.USER));
    }

    @Test
    void pins_ttls_and_slots_reach_the_lifecycle_at_start_and_after_every_change() {
        List<Map<String, ModelPolicy>> applied = new ArrayList<>();
        presets.applyPoliciesTo(applied::add);
        assertThat(applied).as("the file's, at start").containsExactly(Map.of(
                QWEN, new ModelPolicy(false, 300, null), LLAMA, new ModelPolicy(true, null, null)));

        presets.put(new Preset(GEMMA, 2048, null, 2, 60, false, List.of()));
        assertThat(applied.get(1)).containsEntry(GEMMA, new ModelPolicy(false, 60, 2)).hasSize(3);
        presets.put(new Preset(QWEN, 4096, null, null, null, false, List.of()));
        assertThat(applied.get(2)).as("a stored preset without pin, TTL or slots replaces the file's")
                .doesNotContainKey(QWEN).hasSize(2);
        presets.delete(QWEN);
        assertThat(applied.get(3)).as("the file's applies again").containsEntry(QWEN, new ModelPolicy(false, 300, null));
        assertThat(applied).hasSize(4);
    }

    @Test
    void unknown_models_are_refused_and_an_offline_lmstudio_is_said() {
        assertThatThrownBy(() -> presets.get("nobody/nothing")).isInstanceOf(UnknownModelException.class)
                .satisfies(e -> assertThat(((UnknownModelException) e).lmstudioOffline()).isFalse());
        catalog = catalog(false);
        assertThatThrownBy(() -> presets.put(Preset.defaults(GEMMA))).isInstanceOf(UnknownModelException.class)
                .satisfies(e -> assertThat(((UnknownModelException) e).lmstudioOffline()).isTrue());
        assertThat(presets.get(QWEN).source()).as("a preset is readable while LM Studio is away").isEqualTo(PresetSource.CONFIG);
    }

    private static PresetStore storeWith(Preset preset) {
        PresetStore store = new InMemoryPresetStore();
        store.save(preset);
        return store;
    }
}
