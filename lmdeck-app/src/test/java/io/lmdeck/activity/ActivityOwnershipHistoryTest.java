package io.lmdeck.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.lifecycle.OwnershipHistory.Recalled;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a restart: which of the instances LM Studio lists lmdeck loaded itself, read from the SQLite log. */
class ActivityOwnershipHistoryTest {
    @TempDir
    Path dataDir;
    ActivityLog log;
    ActivityOwnershipHistory history;
    long nextId = 1;

    @BeforeEach
    void open() {
        log = ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir));
        history = new ActivityOwnershipHistory(log);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private void event(EventType type, String model, String instanceId) {
        Map<String, Object> details = new HashMap<>();
        if (instanceId != null) {
            details.put("instance_id", instanceId);
        }
        long id = nextId++;
        log.append(new LifecycleEvent(id, type, SampleEvents.T0.plusSeconds(id), model, "op-" + id, Cause.USER,
                type.wireName(), details));
    }

    @Test
    void an_instance_whose_last_record_is_lmdecks_completed_load_is_lmdecks() {
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        event(EventType.ACTIVE_MODEL_CHANGED, "llama", "llama");
        event(EventType.MODEL_LOADED_EXTERNALLY, "nomic", "nomic");

        Recalled recalled = history.recall(Set.of("llama", "nomic", "never-seen"));

        assertThat(recalled.loadedByLmdeck()).containsExactly("llama");
        assertThat(recalled.activeModelId()).isEqualTo("llama");
        assertThat(recalled.activeInstanceId()).isEqualTo("llama");
    }

    @Test
    void a_later_unload_or_foreign_load_of_the_same_instance_id_ends_lmdecks_claim() {
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        event(EventType.MODEL_UNLOADED, "llama", "llama");
        event(EventType.MODEL_LOADING_COMPLETE, "qwen", "qwen");
        event(EventType.MODEL_UNLOADED_EXTERNALLY, "qwen", "qwen");
        event(EventType.MODEL_LOADED_EXTERNALLY, "qwen", "qwen");
        event(EventType.MODEL_LOADING_COMPLETE, "gemma", "gemma");
        event(EventType.MODEL_UNLOADED, "gemma", "gemma");
        event(EventType.MODEL_LOADING_COMPLETE, "gemma", "gemma");

        assertThat(history.recall(Set.of("llama", "qwen", "gemma")).loadedByLmdeck()).containsExactly("gemma");
    }

    @Test
    void the_newest_active_model_change_wins_and_none_means_no_preference() {
        event(EventType.ACTIVE_MODEL_CHANGED, "llama", "llama");
        event(EventType.MODEL_LOADING_COMPLETE, "qwen", "qwen:2");
        event(EventType.ACTIVE_MODEL_CHANGED, "qwen", "qwen:2");
        assertThat(history.recall(Set.of("qwen:2")))
                .isEqualTo(new Recalled(Set.of("qwen:2"), "qwen", "qwen:2"));

        event(EventType.ACTIVE_MODEL_CHANGED, null, null);
        assertThat(history.recall(Set.of("qwen:2"))).isEqualTo(new Recalled(Set.of("qwen:2"), null, null));
    }

    @Test
    void loads_older_than_many_pages_of_events_are_still_found_within_the_bound() {
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        for (int i = 0; i < 1_200; i++) {
            event(EventType.LMSTUDIO_ONLINE, null, null);
        }
        assertThat(history.recall(Set.of("llama")).loadedByLmdeck()).containsExactly("llama");
    }

    @Test
    void beyond_the_bound_nothing_is_claimed() {
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        for (int i = 0; i < ActivityOwnershipHistory.SCANNED; i++) {
            event(EventType.LMSTUDIO_ONLINE, null, null);
        }
        assertThat(history.recall(Set.of("llama")).loadedByLmdeck()).isEmpty();
    }

    @Test
    void an_empty_log_or_no_instances_recall_nothing() {
        assertThat(history.recall(Set.of("llama"))).isEqualTo(new Recalled(Set.of(), null, null));
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        assertThat(history.recall(Set.of())).isEqualTo(Recalled.NOTHING);
    }
}
