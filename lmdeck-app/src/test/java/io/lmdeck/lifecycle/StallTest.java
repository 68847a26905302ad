package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.EventType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A load with no progress for the stall limit fails clearly; then LM Studio's real state decides. */
class StallTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void noProgressForTheStallLimitFailsTheLoadAndCancelsIt() {
        h.start();
        LoadTicket ticket = h.load("llama-3-8b");
        FakeLmStudio.FakeLoad load = h.lmStudio.lastLoad();
        h.advance(Duration.ofSeconds(10));
        load.progress(0.999);
        h.advance(Duration.ofSeconds(119));
        assertThat(h.model("llama-3-8b").state()).isEqualTo(ModelState.LOADING);

        h.advance(Duration.ofSeconds(1));

        assertThat(h.result(ticket).outcome()).isEqualTo(OperationOutcome.FAILED);
        assertThat(h.result(ticket).error().code()).isEqualTo("stalled");
        assertThat(h.events.messages()).contains("LM Studio: Failed to load Llama 3 8B: no progress for 120 s");
        assertThat(h.events.ofType(EventType.MODEL_LOADING_FAILED).get(0).details()).containsEntry("code", "stalled");
        assertThat(load.cancelRequested()).isTrue();
        assertThat(h.model("llama-3-8b").state()).isEqualTo(ModelState.FAILED);
        assertThat(h.lmStudio.loadedInstanceIds()).isEmpty();

        // the lane is free again
        h.load("qwen3-8b");
        h.lmStudio.lastLoad().succeed();
        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
    }

    @Test
    void aStalledLoadThatActuallyFinishedIsAdopted() {
        h.lmStudio.cancelSupported(false);
        h.start();
        h.load("llama-3-8b");
        FakeLmStudio.FakeLoad load = h.lmStudio.lastLoad();
        load.progress(0.5);
        load.land(); // LM Studio finished, but never told us

        h.advance(Duration.ofSeconds(120));

        assertThat(h.events.types()).containsSubsequence(EventType.MODEL_LOADING_FAILED,
                EventType.ACTIVE_MODEL_CHANGED);
        assertThat(h.events.types()).doesNotContain(EventType.MODEL_LOADED_EXTERNALLY);
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
        assertThat(h.lifecycle.status().loaded()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.LMDECK));
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("llama-3-8b");
    }

    @Test
    void aStalledLoadThatLandsAfterTheUserChoseAnotherModelIsUnloaded() {
        h.lmStudio.cancelSupported(false);
        h.start();
        h.load("llama-3-8b");
        FakeLmStudio.FakeLoad stalled = h.lmStudio.lastLoad();
        stalled.progress(0.5);
        h.advance(Duration.ofSeconds(121));
        h.load("qwen3-8b");
        h.lmStudio.lastLoad().succeed();

        stalled.succeed(); // the half-dead load finally lands

        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("qwen3-8b");
        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
        assertThat(h.events.types()).doesNotContain(EventType.MODEL_LOADED_EXTERNALLY);
    }

    @Test
    void aLoadWithoutProgressReportsUsesTheLoadTimeoutInstead() {
        h.lmStudio.reportsProgress(false);
        h.start();
        LoadTicket ticket = h.load("qwen3-32b");
        h.advance(Duration.ofMinutes(5));
        assertThat(h.model("qwen3-32b").state()).isEqualTo(ModelState.LOADING);
        assertThat(h.lifecycle.status().loading().progress()).isNull();

        h.advance(Duration.ofMinutes(10));

        assertThat(h.result(ticket).error().code()).isEqualTo("stalled");
        assertThat(h.events.messages()).contains("LM Studio: Failed to load Qwen3 32B: no progress for 900 s");
    }
}
