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
        event(type, model, "op-" + nextId, Cause.USER, instanceId);
    }

    private void event(EventType type, String model, String operationId, Cause cause, String instanceId) {
        Map<String, Object> details = new HashMap<>();
        if (instanceId != null) {
            details.put("instance_id", instanceId);
        }
        long id = nextId++;
        log.append(new LifecycleEvent(id, type, SampleEvents.T0.plusSeconds(id), model, operationId, cause,
                type.wireName(), details));
    }

    /** lmdeck started a load of {@code model}, and reported its progress, then nothing more (killed). */
    private void loadStarted(String model, String operationId) {
        event(EventType.MODEL_LOADING_STARTED, model, operationId, Cause.USER, null);
        event(EventType.MODEL_LOADING_PROGRESS, model, operationId, Cause.USER, null);
        event(EventType.MODEL_LOADING_PROGRESS, model, operationId, Cause.USER, null);
    }

    /** A run of lmdeck saw LM Studio for the first time. */
    private void lmdeckStarted() {
        event(EventType.LMSTUDIO_ONLINE, null, null, Cause.STARTUP, null);
    }

    /** LM Studio's listing: instance ids whose model is the id without a ":n" copy suffix. */
    private static Map<String, String> listed(String... instanceIds) {
        Map<String, String> listing = new HashMap<>();
        for (String id : instanceIds) {
            listing.put(id, id.replaceFirst(":\\d+$", ""));
        }
        return listing;
    }

    @Test
    void an_instance_whose_last_record_is_lmdecks_completed_load_is_lmdecks() {
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        event(EventType.ACTIVE_MODEL_CHANGED, "llama", "llama");
        event(EventType.MODEL_LOADED_EXTERNALLY, "nomic", "nomic");

        Recalled recalled = history.recall(listed("llama", "nomic", "never-seen"));

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

        assertThat(history.recall(listed("llama", "qwen", "gemma")).loadedByLmdeck()).containsExactly("gemma");
    }

    @Test
    void the_newest_active_model_change_wins_and_none_means_no_preference() {
        event(EventType.ACTIVE_MODEL_CHANGED, "llama", "llama");
        event(EventType.MODEL_LOADING_COMPLETE, "qwen", "qwen:2");
        event(EventType.ACTIVE_MODEL_CHANGED, "qwen", "qwen:2");
        assertThat(history.recall(listed("qwen:2")))
                .isEqualTo(new Recalled(Set.of("qwen:2"), "qwen", "qwen:2"));

        event(EventType.ACTIVE_MODEL_CHANGED, null, null);
        assertThat(history.recall(listed("qwen:2"))).isEqualTo(new Recalled(Set.of("qwen:2"), null, null));
    }

    @Test
    void loads_older_than_many_pages_of_events_are_still_found_within_the_bound() {
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        for (int i = 0; i < 1_200; i++) {
            event(EventType.LMSTUDIO_ONLINE, null, null);
        }
        assertThat(history.recall(listed("llama")).loadedByLmdeck()).containsExactly("llama");
    }

    @Test
    void beyond_the_bound_nothing_is_claimed() {
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        for (int i = 0; i < ActivityOwnershipHistory.SCANNED; i++) {
            event(EventType.LMSTUDIO_ONLINE, null, null);
        }
        assertThat(history.recall(listed("llama")).loadedByLmdeck()).isEmpty();
    }

    @Test
    void an_empty_log_or_no_instances_recall_nothing() {
        assertThat(history.recall(listed("llama"))).isEqualTo(new Recalled(Set.of(), null, null));
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "llama");
        assertThat(history.recall(listed())).isEqualTo(Recalled.NOTHING);
    }

    @Test
    void the_one_unexplained_instance_of_a_model_whose_load_lmdeck_never_saw_end_is_that_loads_result() {
        lmdeckStarted();
        event(EventType.MODEL_LOADING_COMPLETE, "llama", "op-a", Cause.USER, "llama");
        event(EventType.ACTIVE_MODEL_CHANGED, "llama", null, Cause.USER, "llama");
        loadStarted("qwen", "op-b");

        Recalled recalled = history.recall(listed("llama", "qwen", "nomic"));

        assertThat(recalled.loadedByLmdeck()).containsExactlyInAnyOrder("llama", "qwen");
        assertThat(recalled.interruptedLoads()).isEqualTo(Map.of("qwen", "op-b"));
        assertThat(recalled.activeModelId()).isEqualTo("llama");
    }

    @Test
    void a_load_that_ended_failed_or_was_cancelled_claims_nothing_only_the_newest_open_one_does() {
        loadStarted("qwen", "op-1");
        event(EventType.MODEL_LOADING_FAILED, "qwen", "op-1", Cause.USER, null);
        assertThat(history.recall(listed("qwen"))).isEqualTo(new Recalled(Set.of(), null, null));

        loadStarted("qwen", "op-2");
        event(EventType.MODEL_LOADING_CANCELLED, "qwen", "op-2", Cause.USER, null);
        assertThat(history.recall(listed("qwen"))).isEqualTo(new Recalled(Set.of(), null, null));

        loadStarted("qwen", "op-3");
        assertThat(history.recall(listed("qwen")).interruptedLoads()).isEqualTo(Map.of("qwen", "op-3"));
    }

    @Test
    void anything_about_the_model_after_its_load_began_means_the_instance_is_not_claimed() {
        loadStarted("qwen", "op-b");
        event(EventType.MODEL_LOADED_EXTERNALLY, "qwen", null, Cause.EXTERNAL, "qwen:2");

        Recalled recalled = history.recall(listed("qwen", "qwen:2"));

        assertThat(recalled.loadedByLmdeck()).isEmpty();
        assertThat(recalled.interruptedLoads()).isEmpty();
    }

    @Test
    void once_lmdeck_started_again_after_the_interrupted_load_that_run_had_its_look_and_nothing_is_claimed() {
        loadStarted("qwen", "op-b");
        lmdeckStarted();

        assertThat(history.recall(listed("qwen"))).isEqualTo(new Recalled(Set.of(), null, null));
    }

    @Test
    void an_instance_recorded_as_another_apps_is_not_claimed_and_two_unexplained_copies_are_left_alone() {
        event(EventType.MODEL_LOADED_EXTERNALLY, "qwen", null, Cause.EXTERNAL, "qwen");
        loadStarted("qwen", "op-b");

        Recalled recalled = history.recall(listed("qwen", "qwen:2"));
        assertThat(recalled.loadedByLmdeck()).containsExactly("qwen:2");
        assertThat(recalled.interruptedLoads()).isEqualTo(Map.of("qwen:2", "op-b"));

        assertThat(history.recall(listed("qwen", "qwen:2", "qwen:3")).loadedByLmdeck()).isEmpty();
    }

    @Test
    void an_instance_id_freed_by_an_unload_before_the_load_began_is_the_loads_result() {
        event(EventType.MODEL_LOADING_COMPLETE, "qwen", "op-a", Cause.USER, "qwen");
        event(EventType.MODEL_UNLOADED_EXTERNALLY, "qwen", null, Cause.EXTERNAL, "qwen");
        loadStarted("qwen", "op-b");

        assertThat(history.recall(listed("qwen")).interruptedLoads()).isEqualTo(Map.of("qwen", "op-b"));
    }

    @Test
    void once_the_adoption_is_recorded_the_instance_is_lmdecks_by_its_completed_load_and_not_adopted_twice() {
        loadStarted("qwen", "op-b");
        lmdeckStarted();
        event(EventType.MODEL_LOADING_COMPLETE, "qwen", "op-b", Cause.STARTUP, "qwen");

        Recalled recalled = history.recall(listed("qwen"));

        assertThat(recalled.loadedByLmdeck()).containsExactly("qwen");
        assertThat(recalled.interruptedLoads()).isEmpty();
    }
}
