package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A look at LM Studio asked before lmdeck's own load, unload or cancel but answered after it must never be read as
 * another program's doing; a genuine change by another program is still reported on the next fresh look.
 */
class ObservationOrderTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aLookAskedBeforeAnUnloadAndAnsweredAfterItLeavesTheModelUnloaded() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.lmStudio.holdObservations(true);
        h.advance(h.settings.pollInterval()); // asked while llama is loaded
        h.lifecycle.unload(UnloadRequest.model("llama-3-8b", Cause.USER));
        h.events.clear();

        h.lmStudio.releaseObservations(); // that answer still lists llama
        h.advance(h.settings.pollInterval());

        assertThat(h.events.types()).doesNotContain(EventType.MODEL_LOADED_EXTERNALLY,
                EventType.MODEL_UNLOADED_EXTERNALLY, EventType.ACTIVE_MODEL_CHANGED);
        assertThat(h.activeModel()).isNull();
        assertThat(h.lifecycle.status().loaded()).isEmpty();

        LoadTicket again = h.load("llama-3-8b");
        assertThat(again.operationId()).as("a real load, not \"already loaded\"").isNotNull();
        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b", "unload:llama-3-8b", "load:llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
    }

    @Test
    void aLookAskedBeforeALoadLandedAndAnsweredAfterItKeepsTheModelLoadedAndActive() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.holdObservations(true);
        h.advance(h.settings.pollInterval()); // asked while llama is still loading: it is not listed yet
        h.lmStudio.lastLoad().succeed();

        h.lmStudio.releaseObservations();

        assertThat(h.events.types()).doesNotContain(EventType.MODEL_UNLOADED_EXTERNALLY,
                EventType.MODEL_LOADED_EXTERNALLY);
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
        assertThat(h.lifecycle.status().loaded()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.LMDECK));
        assertThat(h.load("llama-3-8b").operationId()).as("already loaded").isNull();
        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b");
    }

    @Test
    void aLookAskedWhileALoadRanAndAnsweredAfterItFailedDoesNotCallTheHalfLoadedModelExternal() {
        h.start();
        LoadTicket ticket = h.load("llama-3-8b");
        FakeLmStudio.FakeLoad load = h.lmStudio.lastLoad();
        LmStudioPort.Instance halfLoaded = load.land(); // LM Studio lists the instance while it loads
        h.lmStudio.holdObservations(true);
        h.advance(h.settings.pollInterval());
        h.lmStudio.externallyUnload(halfLoaded.instanceId()); // then gives up on it
        load.fail(new LmStudioPortException(LmStudioPortException.Reason.FAILED, "model crashed"));

        h.lmStudio.releaseObservations(); // that answer still lists the instance
        h.advance(h.settings.pollInterval());

        assertThat(h.result(ticket).outcome()).isEqualTo(OperationOutcome.FAILED);
        assertThat(h.events.types()).doesNotContain(EventType.MODEL_LOADED_EXTERNALLY,
                EventType.MODEL_UNLOADED_EXTERNALLY);
        assertThat(h.lifecycle.status().loaded()).isEmpty();
        assertThat(h.activeModel()).isNull();
    }

    @Test
    void aStaleAnswerIsDiscardedAndAFreshLookIsAskedAtOnce() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.lmStudio.holdObservations(true);
        h.advance(h.settings.pollInterval());
        h.lifecycle.unload(UnloadRequest.model("llama-3-8b", Cause.USER));
        int before = h.lmStudio.observations();

        h.lmStudio.releaseObservations(); // no timer moves: the fresh look comes from the discarded answer

        assertThat(h.lmStudio.observations()).isEqualTo(before + 1);
        assertThat(h.lifecycle.status().loaded()).isEmpty();
    }

    @Test
    void anotherProgramsChangesInTheSameWindowAreReportedByTheFreshLook() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.lmStudio.externallyLoad("qwen3-8b");
        h.lmStudio.holdObservations(true);
        h.advance(h.settings.pollInterval()); // lists llama and qwen
        h.lifecycle.unload(UnloadRequest.model("llama-3-8b", Cause.USER));
        h.events.clear();

        h.lmStudio.releaseObservations(); // discarded; the fresh look after it still sees qwen

        assertThat(h.events.types()).containsExactly(EventType.MODEL_LOADED_EXTERNALLY);
        assertThat(h.events.all().get(0).details()).containsEntry("instance_id", "qwen3-8b");
        assertThat(h.lifecycle.status().loaded()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));

        h.events.clear();
        h.lmStudio.externallyUnload("qwen3-8b");
        h.lmStudio.externallyLoad("llama-3-8b");
        h.advance(h.settings.pollInterval());

        assertThat(h.events.types()).containsExactlyInAnyOrder(EventType.MODEL_LOADED_EXTERNALLY,
                EventType.MODEL_UNLOADED_EXTERNALLY);
        assertThat(h.lifecycle.status().loaded()).singleElement()
                .satisfies(i -> assertThat(i.instanceId()).isEqualTo("llama-3-8b"));
    }

    @Test
    void aCancelledLoadsLeftoverIsNotAnnouncedWhenSomeoneElseCleansItUpFirst() {
        h.start();
        h.lmStudio.holdUnloads(true);
        LoadTicket ticket = h.load("qwen3-8b");
        FakeLmStudio.FakeLoad load = h.lmStudio.lastLoad();
        LmStudioPort.Instance leftover = load.land(); // LM Studio finishes although the cancel is under way
        h.lifecycle.cancel(ticket.operationId()); // the client settles the cancel at once

        h.advance(h.settings.pollInterval()); // a look sees the leftover: lmdeck unloads it
        assertThat(h.lmStudio.calls()).contains("unload:" + leftover.instanceId());
        h.lmStudio.externallyUnload(leftover.instanceId()); // (an older client cleaned up on its own meanwhile)
        h.lmStudio.releaseUnloads();
        h.advance(h.settings.pollInterval());

        assertThat(h.events.types()).doesNotContain(EventType.MODEL_LOADED_EXTERNALLY,
                EventType.MODEL_UNLOADED_EXTERNALLY);
        assertThat(h.lifecycle.status().loaded()).isEmpty();
        assertThat(h.activeModel()).isNull();
    }

    @Test
    void aCancelledLoadsLeftoverIsUnloadedByLmdeckItself() {
        // The lifecycle decides clean-up: a client that only transports leaves the leftover where it landed.
        h.start();
        LoadTicket ticket = h.load("qwen3-8b");
        LmStudioPort.Instance leftover = h.lmStudio.lastLoad().land();
        h.lifecycle.cancel(ticket.operationId());

        h.advance(h.settings.pollInterval());
        h.advance(h.settings.pollInterval());

        assertThat(h.lmStudio.calls()).containsOnlyOnce("unload:" + leftover.instanceId());
        assertThat(h.lmStudio.loadedInstanceIds()).isEmpty();
        assertThat(h.events.types()).doesNotContain(EventType.MODEL_LOADED_EXTERNALLY,
                EventType.MODEL_UNLOADED_EXTERNALLY, EventType.ACTIVE_MODEL_CHANGED);
        assertThat(h.lifecycle.status().loaded()).isEmpty();
    }

    @Test
    void anotherProgramLoadingADifferentModelRightAfterACancelIsReportedAtOnce() {
        h.start();
        LoadTicket ticket = h.load("qwen3-8b");
        h.lifecycle.cancel(ticket.operationId());
        h.lmStudio.externallyLoad("llama-3-8b");

        h.advance(h.settings.pollInterval());

        assertThat(h.events.ofType(EventType.MODEL_LOADED_EXTERNALLY)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("instance_id", "llama-3-8b"));
    }
}
