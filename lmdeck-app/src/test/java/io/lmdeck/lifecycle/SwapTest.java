package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.LifecycleHarness.GB;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the picker does: the newest selection wins, one load at a time, no duplicate or leaked instance. */
class SwapTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void selectingBWhileALoadsCancelsAThenLoadsB() {
        h.start();
        LoadTicket a = h.load("llama-3-8b");
        LoadTicket b = h.load("qwen3-8b");

        assertThat(h.lmStudio.loads().get(0).cancelRequested()).isTrue();
        assertThat(h.result(a).outcome()).isEqualTo(OperationOutcome.CANCELLED);
        assertThat(h.result(a).error().message()).contains("Qwen3 8B was chosen");
        assertThat(h.lmStudio.loads()).hasSize(2);
        assertThat(h.lifecycle.status().loading().modelId()).isEqualTo("qwen3-8b");
        h.lmStudio.lastLoad().succeed();

        assertThat(h.result(b).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("qwen3-8b");
        assertThat(h.lmStudio.maxLoadsInFlight()).isEqualTo(1);
        assertThat(h.events.messages()).containsExactly(
                "LM Studio: online",
                "LM Studio: Loading Llama 3 8B…",
                "LM Studio: Loading Llama 3 8B cancelled",
                "LM Studio: Loading Qwen3 8B…",
                "LM Studio: Model Ready (Qwen3 8B, 0.0 s)",
                "Active model: Qwen3 8B");
    }

    @Test
    void aLoadThatCannotBeCancelledIsUnloadedWhenItLandsAndOnlyThenBLoads() {
        h.lmStudio.cancelSupported(false);
        h.start();
        h.load("llama-3-8b");
        LoadTicket b = h.load("qwen3-8b");

        assertThat(h.lmStudio.loads()).hasSize(1); // B waits: at most one load against LM Studio
        assertThat(h.lifecycle.status().loading().modelId()).isEqualTo("qwen3-8b");
        h.lmStudio.loads().get(0).succeed();

        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b", "unload:llama-3-8b", "load:qwen3-8b");
        h.lmStudio.lastLoad().succeed();
        assertThat(h.result(b).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("qwen3-8b");
        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
    }

    @Test
    void reselectingAModelThatCouldNotBeCancelledUsesItWhenItLands() {
        h.lmStudio.cancelSupported(false);
        h.start();
        h.load("llama-3-8b");
        h.load("qwen3-8b");
        LoadTicket again = h.load("llama-3-8b");
        h.lmStudio.loads().get(0).succeed();

        assertThat(h.result(again).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        assertThat(h.lmStudio.loads()).hasSize(1);
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("llama-3-8b");
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
    }

    @Test
    void tenInterleavedSelectionsLeaveOnlyTheNewestLoadedAndActive() {
        List<String> models = List.of("llama-3-8b", "qwen3-8b", "qwen3-32b");
        for (boolean cancellable : new boolean[] {true, false}) {
            try (LifecycleHarness run = new LifecycleHarness(LifecycleHarness.demoLmStudio())) {
                run.lmStudio.cancelSupported(cancellable);
                run.start();
                Random random = new Random(42);
                String newest = null;
                for (int i = 0; i < 10; i++) {
                    newest = models.get(random.nextInt(models.size()));
                    run.load(newest);
                    FakeLmStudio.FakeLoad last = run.lmStudio.lastLoad();
                    if (random.nextBoolean() && !last.done()) {
                        last.progress(0.5);
                        last.succeed();
                    }
                }
                // let LM Studio finish whatever is still running, newest last
                while (!run.lmStudio.lastLoad().done()) {
                    run.lmStudio.lastLoad().succeed();
                }
                assertThat(run.lmStudio.maxLoadsInFlight()).isEqualTo(1);
                assertThat(run.activeModel()).isEqualTo(newest);
                assertThat(run.lmStudio.loadedInstanceIds()).containsExactly(newest);
                assertThat(run.lifecycle.status().loaded()).extracting(InstanceView::instanceId)
                        .containsExactly(newest);
                assertThat(run.lifecycle.status().loading()).isNull();
            }
        }
    }

    @Test
    void thePreviousActiveModelIsUnloadedAfterTheNewOneIsReadyButExternalOnesStay() {
        h.lmStudio.externallyLoad("nomic-embed");
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.load("qwen3-8b");

        assertThat(h.lmStudio.loadedInstanceIds()).contains("llama-3-8b"); // still there while Qwen loads
        h.lmStudio.lastLoad().succeed();

        assertThat(h.lmStudio.loadedInstanceIds()).containsExactlyInAnyOrder("qwen3-8b", "nomic-embed");
        assertThat(h.events.messages()).containsSubsequence(
                "LM Studio: Model Ready (Qwen3 8B, 0.0 s)", "Active model: Qwen3 8B", "LM Studio: Llama 3 8B unloaded");
    }

    @Test
    void anExternallyLoadedActiveModelIsNeverUnloadedByASwap() {
        h.lmStudio.externallyLoad("llama-3-8b");
        h.start();
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");

        h.load("qwen3-8b");
        h.lmStudio.lastLoad().succeed();

        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactlyInAnyOrder("llama-3-8b", "qwen3-8b");
        assertThat(h.lmStudio.calls()).noneMatch(call -> call.startsWith("unload"));
    }

    @Test
    void keepOthersKeepsThePreviousModelLoaded() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.lifecycle.load(new LoadRequest("qwen3-8b", null, null, null, true, Cause.API));
        h.lmStudio.lastLoad().succeed();

        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactlyInAnyOrder("llama-3-8b", "qwen3-8b");
    }

    /** Llama 3 8B loaded by lmdeck; LM Studio says Qwen3 32B needs 21 GB, 20 GB are free. */
    private void llamaReadyAndQwen32bWouldNotFitBeside() {
        h.memory.total = 32 * GB;
        h.memory.available = 20 * GB;
        h.lmStudio.estimate("qwen3-32b", 21 * GB);
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
    }

    @Test
    void whenBothDoNotFitTheOldModelIsUnloadedFirst() {
        llamaReadyAndQwen32bWouldNotFitBeside();

        LoadTicket big = h.load("qwen3-32b");

        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b", "unload:llama-3-8b", "load:qwen3-32b");
        assertThat(h.lifecycle.status().memory().estimatedBytes()).isEqualTo(21 * GB);
        h.lmStudio.lastLoad().succeed();
        assertThat(h.result(big).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        assertThat(h.activeModel()).isEqualTo("qwen3-32b");
        assertThat(h.events.types()).containsSubsequence(EventType.MODEL_UNLOADED, EventType.MODEL_LOADING_STARTED,
                EventType.MODEL_LOADING_COMPLETE);
    }

    @Test
    void withNothingToUnloadALoadDoesNotWaitForLmStudiosMemoryEstimate() {
        h.lmStudio.estimate("qwen3-32b", 21 * GB);
        h.lmStudio.holdEstimates();
        h.start();

        h.load("qwen3-32b");

        assertThat(h.lmStudio.calls()).containsExactly("load:qwen3-32b");
        assertThat(h.lifecycle.status().memory().estimatedBytes()).isEqualTo(19 * GB); // the file size meanwhile
        h.lmStudio.answerEstimates();
        assertThat(h.lifecycle.status().memory().estimatedBytes()).isEqualTo(21 * GB);
    }

    @Test
    void aLoadThatDoesNotWaitStartsWithWhatTheLastLoadOfThatModelFound() {
        h.lmStudio.estimate("qwen3-32b", 21 * GB);
        h.start();
        h.load("qwen3-32b");
        h.lmStudio.lastLoad().succeed();
        h.lifecycle.unload(UnloadRequest.everything(Cause.USER));

        h.load("qwen3-32b");

        assertThat(h.events.ofType(EventType.MODEL_LOADING_STARTED)).extracting(e -> e.details().get("estimated_bytes"))
                .containsExactly(19 * GB, 21 * GB); // the file size the first time, LM Studio's estimate after
    }

    @Test
    void whenTheEstimateDecidesWhatToUnloadTheLoadWaitsForIt() {
        llamaReadyAndQwen32bWouldNotFitBeside();
        h.lmStudio.holdEstimates();

        h.load("qwen3-32b");

        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b");
        h.lmStudio.answerEstimates();
        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b", "unload:llama-3-8b", "load:qwen3-32b");
    }

    @Test
    void whenBothFitTheOldModelStaysUntilTheNewOneIsReady() {
        h.memory.total = 64 * GB;
        h.memory.available = 40 * GB;
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.load("qwen3-32b");

        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b", "load:qwen3-32b");
        assertThat(h.lifecycle.status().memory().loadedBytes()).isEqualTo(5 * GB);
        assertThat(h.lifecycle.status().memory().hostTotalBytes()).isEqualTo(64 * GB);
    }
}
