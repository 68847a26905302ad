package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.LifecycleHarness.GB;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * lmdeck dies while LM Studio loads a model for it, LM Studio finishes the load, lmdeck starts again: the instance
 * is the interrupted load's result, so it is lmdeck's (a swap replaces it) and that load's row gets its end.
 */
class InterruptedLoadAdoptionTest {
    private final LifecycleHarness first = new LifecycleHarness(LifecycleHarness.demoLmStudio());
    private final LifecycleHarness restarted = new LifecycleHarness(first.lmStudio);
    private final List<Map<String, String>> asked = new ArrayList<>();

    @AfterEach
    void close() {
        restarted.close();
        first.close();
    }

    /** The first run starts a load of {@code modelId}; LM Studio finishes it after lmdeck died. Its operation id. */
    private String loadInterruptedByACrash(String modelId) {
        first.start();
        LoadTicket ticket = first.load(modelId);
        first.lmStudio.lastLoad().progress(0.5);
        first.close();
        first.lmStudio.lastLoad().land();
        return ticket.operationId();
    }

    /** What the activity log recalls: {@code instanceId} is the result of the interrupted load {@code operationId}. */
    private void remembersInterrupted(String instanceId, String operationId) {
        restarted.ownership = modelIdByInstanceId -> {
            asked.add(Map.copyOf(modelIdByInstanceId));
            return new OwnershipHistory.Recalled(Set.of(), null, null, Map.of(instanceId, operationId));
        };
    }

    @Test
    void theInstanceIsLmdecksTheLoadsRowEndsAndASwapUnloadsIt() {
        String operation = loadInterruptedByACrash("llama-3-8b");
        restarted.lmStudio.externallyLoad("nomic-embed");
        remembersInterrupted("llama-3-8b", operation);
        restarted.start();

        assertThat(asked).containsExactly(Map.of("llama-3-8b", "llama-3-8b", "nomic-embed", "nomic-embed"));
        assertThat(restarted.model("llama-3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.LMDECK));
        assertThat(restarted.model("nomic-embed").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
        assertThat(restarted.activeModel()).isEqualTo("llama-3-8b");
        assertThat(restarted.events.messages()).containsExactly(
                "LM Studio: online",
                "LM Studio: Model Ready (Llama 3 8B, finished while lmdeck was not running)",
                "Active model: Llama 3 8B");
        LifecycleEvent complete = restarted.events.ofType(EventType.MODEL_LOADING_COMPLETE).get(0);
        assertThat(complete.operationId()).isEqualTo(operation);
        assertThat(complete.modelId()).isEqualTo("llama-3-8b");
        assertThat(complete.cause()).isEqualTo(Cause.STARTUP);
        assertThat(complete.details()).containsEntry("instance_id", "llama-3-8b").containsEntry("size_bytes", 5 * GB)
                .doesNotContainKey("duration_ms");

        restarted.load("qwen3-8b");
        restarted.lmStudio.lastLoad().succeed();

        assertThat(restarted.activeModel()).isEqualTo("qwen3-8b");
        assertThat(restarted.lmStudio.loadedInstanceIds()).containsExactlyInAnyOrder("qwen3-8b", "nomic-embed");
        assertThat(restarted.events.messages()).contains("LM Studio: Llama 3 8B unloaded");
    }

    @Test
    void anInstanceOwnedByItsRecordedLoadGetsNoSecondRow() {
        loadInterruptedByACrash("llama-3-8b");
        restarted.ownership = modelIdByInstanceId -> new OwnershipHistory.Recalled(Set.of("llama-3-8b"), null, null);
        restarted.start();

        assertThat(restarted.model("llama-3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.LMDECK));
        assertThat(restarted.events.types()).doesNotContain(EventType.MODEL_LOADING_COMPLETE,
                EventType.MODEL_LOADED_EXTERNALLY);
    }

    @Test
    void withoutARecalledInterruptedLoadTheInstanceStaysExternal() {
        loadInterruptedByACrash("llama-3-8b");
        restarted.start();

        assertThat(restarted.model("llama-3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
        assertThat(restarted.events.types()).doesNotContain(EventType.MODEL_LOADING_COMPLETE);
    }

    @Test
    void aLoadLmStudioDroppedWhileLmdeckWasDeadEndsAsInterrupted() {
        first.start();
        String operation = first.load("llama-3-8b").operationId();
        first.close();
        first.lmStudio.lastLoad().fail(new LmStudioPortException(LmStudioPortException.Reason.CANCELLED,
                "the client went away"));
        restarted.ownership = modelIdByInstanceId -> {
            asked.add(Map.copyOf(modelIdByInstanceId));
            return new OwnershipHistory.Recalled(Set.of(), null, null, Map.of(), Map.of(operation, "llama-3-8b"));
        };
        restarted.start();

        assertThat(asked).as("asked although LM Studio lists nothing").containsExactly(Map.of());
        LifecycleEvent failed = restarted.events.ofType(EventType.MODEL_LOADING_FAILED).get(0);
        assertThat(failed.operationId()).isEqualTo(operation);
        assertThat(failed.modelId()).isEqualTo("llama-3-8b");
        assertThat(failed.cause()).isEqualTo(Cause.STARTUP);
        assertThat(failed.details()).containsEntry("reason", "interrupted");
        assertThat(failed.message()).isEqualTo(
                "LM Studio: Failed to load Llama 3 8B: interrupted (lmdeck stopped during the load)");
        assertThat(restarted.lifecycle.status().loading()).isNull();
        assertThat(restarted.lifecycle.status().loaded()).isEmpty();
        assertThat(restarted.lifecycle.awaitOperation(operation).getNow(null).outcome())
                .isEqualTo(OperationOutcome.FAILED);
    }
}
