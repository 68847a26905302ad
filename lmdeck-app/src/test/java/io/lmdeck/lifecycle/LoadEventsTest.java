package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.LifecycleHarness.GB;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A load as users see it: states, progress, ETA, and the events with their Activity Log lines, in order. */
class LoadEventsTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aLoadGoesFromStartedThroughProgressToReadyAndActive() {
        h.start();
        LoadTicket ticket = h.load("llama-3-8b");
        assertThat(ticket.state()).isEqualTo(ModelState.LOADING);
        assertThat(ticket.operationId()).isNotBlank();
        assertThat(h.model("llama-3-8b").state()).isEqualTo(ModelState.LOADING);
        assertThat(h.lifecycle.status().status()).isEqualTo(ServiceStatus.LOADING);

        FakeLmStudio.FakeLoad load = h.lmStudio.lastLoad();
        h.advance(Duration.ofMillis(1000));
        load.progress(0.25);
        assertThat(h.lifecycle.status().loading().progress()).isEqualTo(0.25);
        assertThat(h.model("llama-3-8b").progress()).isEqualTo(0.25);
        h.advance(Duration.ofMillis(5200));
        load.succeed();

        assertThat(h.model("llama-3-8b").state()).isEqualTo(ModelState.LOADED);
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
        assertThat(h.lifecycle.status().status()).isEqualTo(ServiceStatus.READY);
        assertThat(h.lifecycle.status().loading()).isNull();
        assertThat(h.lifecycle.status().loaded()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.LMDECK));
        assertThat(h.result(ticket).outcome()).isEqualTo(OperationOutcome.COMPLETED);

        assertThat(h.events.messages()).containsExactly(
                "LM Studio: online",
                "LM Studio: Loading Llama 3 8B…",
                "LM Studio: Model Ready (Llama 3 8B, 6.2 s)",
                "Active model: Llama 3 8B");
        LifecycleEvent complete = h.events.ofType(EventType.MODEL_LOADING_COMPLETE).get(0);
        assertThat(complete.operationId()).isEqualTo(ticket.operationId());
        assertThat(complete.cause()).isEqualTo(Cause.USER);
        assertThat(complete.details()).containsEntry("duration_ms", 6200L)
                .containsEntry("instance_id", "llama-3-8b")
                .containsEntry("context_length", 4096)
                .containsEntry("size_bytes", 5 * GB);
        LifecycleEvent progress = h.events.ofType(EventType.MODEL_LOADING_PROGRESS).get(0);
        assertThat(progress.details()).containsEntry("progress", 0.25).containsKey("eta_seconds");
    }

    @Test
    void progressEventsAreThrottledToFourPerSecondButTheSnapshotFollowsEveryStep() {
        h.start();
        h.load("llama-3-8b");
        FakeLmStudio.FakeLoad load = h.lmStudio.lastLoad();
        for (int i = 1; i <= 100; i++) {
            h.clock.advance(Duration.ofMillis(10));
            load.progress(i / 100.0);
        }
        assertThat(h.lifecycle.status().loading().progress()).isEqualTo(1.0);
        // one second of updates: at most 4 throttled events; the 100 % one waits for LM Studio's answer
        assertThat(h.events.ofType(EventType.MODEL_LOADING_PROGRESS)).hasSizeBetween(3, 4)
                .allSatisfy(e -> assertThat((Double) e.details().get("progress")).isLessThan(1.0));

        load.succeed();

        // ... and goes out together with the completion, right in front of it
        List<LifecycleEvent> loadEvents = h.events.all().stream()
                .filter(e -> e.type() == EventType.MODEL_LOADING_PROGRESS || e.type() == EventType.MODEL_LOADING_COMPLETE)
                .toList();
        assertThat(loadEvents).hasSizeBetween(5, 6);
        assertThat(loadEvents.get(loadEvents.size() - 2).details()).containsEntry("progress", 1.0);
        assertThat(loadEvents.get(loadEvents.size() - 1).type()).isEqualTo(EventType.MODEL_LOADING_COMPLETE);
        assertThat(h.events.ofType(EventType.MODEL_LOADING_PROGRESS))
                .filteredOn(e -> e.details().get("progress").equals(1.0)).hasSize(1);
    }

    @Test
    void aLoadThatSitsAtOneHundredPercentSaysSoWithinAProgressIntervalAndATick() {
        h.start();
        h.load("llama-3-8b");
        FakeLmStudio.FakeLoad load = h.lmStudio.lastLoad();
        load.progress(0.5);
        load.progress(1.0);
        assertThat(h.events.ofType(EventType.MODEL_LOADING_PROGRESS)).extracting(e -> e.details().get("progress"))
                .containsExactly(0.5);

        h.advance(Duration.ofSeconds(2)); // LM Studio still finishing: ticks announce the 100 % (once)

        assertThat(h.events.ofType(EventType.MODEL_LOADING_PROGRESS)).extracting(e -> e.details().get("progress"))
                .containsExactly(0.5, 1.0);
        load.succeed();
        assertThat(h.events.ofType(EventType.MODEL_LOADING_PROGRESS)).hasSize(2);
        assertThat(h.events.ofType(EventType.MODEL_LOADING_COMPLETE)).hasSize(1);
    }

    @Test
    void etaComesFromLoadHistoryElseFromSizeThenFromMeasuredProgress() {
        h.history.put("llama-3-8b", Duration.ofSeconds(20));
        h.start();
        h.load("llama-3-8b");
        assertThat(h.lifecycle.status().loading().etaSeconds()).isEqualTo(20.0);
        assertThat(h.events.ofType(EventType.MODEL_LOADING_STARTED).get(0).details())
                .containsEntry("eta_seconds", 20.0);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.lifecycle.status().loading().etaSeconds()).isEqualTo(15.0);
        h.lmStudio.lastLoad().progress(0.5);
        assertThat(h.lifecycle.status().loading().etaSeconds()).isEqualTo(5.0);
        h.lmStudio.lastLoad().succeed();

        // no history for Qwen3 32B: 19 GB at 1 GB/s
        h.load("qwen3-32b");
        assertThat(h.lifecycle.status().loading().etaSeconds()).isEqualTo(19.0);
    }

    @Test
    void aRefusedLoadSaysHowMuchMemoryItNeeds() {
        h.start();
        LoadTicket ticket = h.load("qwen3-32b");
        h.lmStudio.lastLoad().fail(new LmStudioPortException(LmStudioPortException.Reason.INSUFFICIENT_MEMORY,
                "Model loading was stopped due to insufficient system resources", 21 * GB, null));

        assertThat(h.events.messages()).contains("LM Studio: Failed to load Qwen3 32B: not enough memory (needs ~22.5 GB)");
        LifecycleEvent failed = h.events.ofType(EventType.MODEL_LOADING_FAILED).get(0);
        assertThat(failed.details()).containsEntry("code", "insufficient_memory");
        assertThat(h.model("qwen3-32b").state()).isEqualTo(ModelState.FAILED);
        assertThat(h.lifecycle.status().status()).isEqualTo(ServiceStatus.ERROR);
        assertThat(h.lifecycle.status().lastError().code()).isEqualTo("insufficient_memory");
        OperationResult result = h.result(ticket);
        assertThat(result.outcome()).isEqualTo(OperationOutcome.FAILED);
        assertThat(result.error().message()).isEqualTo("Failed to load Qwen3 32B: not enough memory (needs ~22.5 GB)");
    }

    @Test
    void cancellingARunningLoadStopsItInLmStudio() {
        h.start();
        LoadTicket ticket = h.load("llama-3-8b");
        OperationResult cancelled = h.lifecycle.cancel(ticket.operationId());

        assertThat(cancelled.outcome()).isEqualTo(OperationOutcome.CANCELLED);
        assertThat(h.lmStudio.lastLoad().cancelRequested()).isTrue();
        assertThat(h.events.messages()).endsWith("LM Studio: Loading Llama 3 8B cancelled");
        assertThat(h.model("llama-3-8b").state()).isEqualTo(ModelState.NOT_LOADED);
        assertThat(h.lifecycle.status().status()).isEqualTo(ServiceStatus.IDLE);
        assertThat(h.lmStudio.loadedInstanceIds()).isEmpty();
        assertThat(h.lifecycle.cancel(ticket.operationId()).outcome()).isEqualTo(OperationOutcome.CANCELLED);
    }

    @Test
    void unknownModelsAndBadRequestsAreRefusedClearly() {
        h.start();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(LifecycleException.class,
                () -> h.load("nope/missing")).code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.load(new LoadRequest("llama-3-8b", 1_000_000, null, null, false, Cause.API)))
                .code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.cancel("op_unknown")).code()).isEqualTo(ErrorCode.OPERATION_NOT_FOUND);
        assertThat(h.lmStudio.loads()).isEmpty();
    }

    @Test
    void unloadingAModelSaysSoAndClearsTheActiveModel() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.events.clear();

        UnloadResult result = h.lifecycle.unload(UnloadRequest.model("llama-3-8b", Cause.USER));

        assertThat(result.unloadedInstanceIds()).containsExactly("llama-3-8b");
        assertThat(h.events.messages()).containsExactly("LM Studio: Llama 3 8B unloaded", "Active model: none");
        assertThat(h.activeModel()).isNull();
        assertThat(h.model("llama-3-8b").state()).isEqualTo(ModelState.NOT_LOADED);
        assertThat(h.lifecycle.status().memory().loadedBytes()).isZero();
    }
}
