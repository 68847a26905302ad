package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.TransitionFixture.GB;
import static io.lmdeck.lifecycle.TransitionFixture.LLAMA;
import static io.lmdeck.lifecycle.TransitionFixture.QWEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the gateway's scheduling decides over several commands, on a fake clock, straight on {@link Transition#apply}:
 * loads that leave the active model alone, the answers waiting requests get, and swaps between two models that do
 * not fit together (Llama and Qwen, 5 GB each, in 8 GB), grouped by model within the fairness bound.
 */
class GatewaySchedulingTest {
    private static final Duration FAIRNESS = TransitionFixture.SETTINGS.fairness();

    @Test
    void aGatewayLoadNamesItsRequestAndLeavesTheActiveModelAlone() {
        GatewayScript g = new GatewayScript("llama active").select(LLAMA).chatLease().admit(1, QWEN);

        LifecycleEvent started = g.last().events().get(0);
        assertThat(started.type()).isEqualTo(EventType.MODEL_LOADING_STARTED);
        assertThat(started.cause()).isEqualTo(Cause.GATEWAY);
        assertThat(started.details()).containsEntry("request_id", "req_1")
                .containsEntry("endpoint", "/v1/chat/completions");
        assertThat(SnapshotViews.requests(g.state())).singleElement().satisfies(view -> {
            assertThat(view.state()).isEqualTo("loading");
            assertThat(view.position()).isEqualTo(1);
            assertThat(view.host()).isEqualTo("default");
        });

        g.accept().land(QWEN);

        assertThat(g.state().activeModelId()).as("chat's model").isEqualTo(LLAMA);
        assertThat(g.last().events()).map(LifecycleEvent::type).doesNotContain(EventType.ACTIVE_MODEL_CHANGED);
        assertThat(g.state().instances().get(LLAMA).use()).isInstanceOf(InstanceUse.Leased.class);
        assertThat(g.requests()).isEqualTo(Map.of(1L, "running on " + QWEN));
        assertThat(SnapshotViews.requests(g.state())).singleElement()
                .satisfies(view -> assertThat(view.state()).isEqualTo("running"));
    }

    @Test
    void theModelsPresetGivesTheGatewayLoadItsSettingsAndTheInstanceItsSlots() {
        Instant at = TransitionFixture.T0;
        LoadRequest preset = new LoadRequest(QWEN, 6144, null, null, true, Cause.GATEWAY);
        GatewayScript g = new GatewayScript("preset: 6144 tokens, one request at a time, 10 min TTL")
                .apply(new Command.PoliciesChanged(Map.of(QWEN, new ModelPolicy(false, 600, 1))));
        g.apply(new Command.Admit(1, new GatewayRequest("req_1", QWEN, "/v1/chat/completions", "test", at), "op_gw_1",
                at.plus(Duration.ofMinutes(5)), preset));
        assertThat(g.last().effects()).filteredOn(Effect.StartLoad.class::isInstance).singleElement()
                .satisfies(e -> {
                    LmStudioPort.LoadSpec spec = ((Effect.StartLoad) e).spec();
                    assertThat(spec.contextLength()).isEqualTo(6144);
                    assertThat(spec.ttlSeconds()).as("the preset's TTL is lmdeck's, never LM Studio's").isNull();
                });
        g.apply(new Command.Admit(2, new GatewayRequest("req_2", QWEN, "/v1/chat/completions", "test", at), "op_gw_2",
                at.plus(Duration.ofMinutes(5)), preset));
        g.accept().land(QWEN);

        assertThat(g.requests()).isEqualTo(Map.of(1L, "running on " + QWEN, 2L, "waiting"));
        g.withdraw(1);
        assertThat(g.requests()).isEqualTo(Map.of(2L, "running on " + QWEN));
    }

    @Test
    void aUserChoosingTheModelTheGatewayIsLoadingGetsTheSameInstanceActive() {
        GatewayScript g = new GatewayScript("gateway loads llama").admit(1, LLAMA).accept()
                .apply(new Command.Select(100, "op_user", LoadRequest.of(LLAMA, Cause.USER)));
        assertThat(g.last().effects()).as("no second load").isEmpty();

        g.land(LLAMA);

        assertThat(g.state().activeModelId()).isEqualTo(LLAMA);
        assertThat(g.last().effects()).map(Object::getClass).doesNotContain(Effect.StartLoad.class);
        assertThat(g.last().events()).map(LifecycleEvent::type).containsExactly(EventType.MODEL_LOADING_COMPLETE,
                EventType.MODEL_LOADING_COMPLETE, EventType.ACTIVE_MODEL_CHANGED);
        assertThat(g.requests()).isEqualTo(Map.of(1L, "running on " + LLAMA));
    }

    @Test
    void everyRequestWaitingOnAFailedLoadGetsLmStudiosReason() {
        GatewayScript g = new GatewayScript("three wait").admit(1, LLAMA).admit(2, LLAMA).admit(3, LLAMA).accept()
                .fail("out of VRAM");

        assertThat(g.last().replies()).hasSize(3).allSatisfy(reply -> {
            LifecycleException error = ((Reply.Refusal) reply).error();
            assertThat(error.code()).isEqualTo(ErrorCode.LOAD_FAILED);
            assertThat(error.getMessage()).contains("out of VRAM");
        });
        assertThat(g.requests()).isEmpty();
    }

    @Test
    void aRequestThatCannotStartWithinItsWaitIsUnavailable() {
        GatewayScript g = new GatewayScript("llama loaded elsewhere")
                .apply(TransitionFixture.observed(TransitionFixture.instance(LLAMA)));
        for (long id = 1; id <= 5; id++) {
            g.admit(id, LLAMA);
        }
        g.at(GatewayScript.WAIT.minusSeconds(1)).apply(new Command.Tick());
        assertThat(g.last().replies()).isEmpty();

        g.at(GatewayScript.WAIT).apply(new Command.Tick());

        assertThat(g.last().replies()).singleElement().satisfies(reply -> {
            assertThat(reply.requestId()).isEqualTo(5);
            assertThat(((Reply.Refusal) reply).error().code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
        });
    }

    @Test
    void modelsThatDoNotFitTogetherAreServedGroupedUntilTheFairnessBound() {
        GatewayScript g = new GatewayScript("tight memory", GatewayScript.TIGHT).admit(1, LLAMA).accept().land(LLAMA);
        assertThat(g.requests()).isEqualTo(Map.of(1L, "running on " + LLAMA));

        // Qwen does not fit beside llama, which serves a request: its request waits, no swap yet.
        g.at(Duration.ofSeconds(1)).admit(2, QWEN);
        assertThat(g.state().lane()).isNull();
        // A later llama request is served first (grouping): it arrived after request 2, within the bound.
        g.at(Duration.ofSeconds(2)).admit(3, LLAMA);
        assertThat(g.requests()).containsEntry(3L, "running on " + LLAMA).containsEntry(2L, "waiting");

        // Request 2 has waited the fairness bound: later llama requests wait behind it, and the swap is asked.
        g.at(FAIRNESS.plusSeconds(1)).apply(new Command.Tick());
        assertThat(g.state().lane()).isInstanceOf(LoadState.Preparing.class);
        g.admit(4, LLAMA);
        assertThat(g.requests()).containsEntry(4L, "waiting");

        // Both would not fit: llama drains (its running requests finish first), then goes.
        g.prepared(5 * GB);
        assertThat(g.state().lane()).isInstanceOf(LoadState.Freeing.class);
        assertThat(g.state().instances().get(LLAMA).use()).isInstanceOf(InstanceUse.Draining.class);
        g.withdraw(1);
        assertThat(g.last().effects()).isEmpty();
        g.withdraw(3);
        assertThat(g.last().effects()).map(Object::getClass).containsExactly(Effect.Unload.class);
        g.unloaded(LLAMA);
        assertThat(g.last().effects()).map(Object::getClass).contains(Effect.StartLoad.class);
        assertThat(g.last().events()).filteredOn(e -> e.type() == EventType.MODEL_UNLOADED).singleElement()
                .satisfies(unloaded -> {
                    assertThat(unloaded.cause()).isEqualTo(Cause.GATEWAY);
                    assertThat(unloaded.details()).containsEntry("request_id", "req_2");
                });
        g.accept().land(QWEN);

        assertThat(g.requests()).isEqualTo(Map.of(2L, "running on " + QWEN, 4L, "waiting"));
        // Llama's request waits for qwen's group to end (no request for qwen runs after it): then llama comes back.
        g.withdraw(2);
        assertThat(g.state().lane()).isInstanceOf(LoadState.Preparing.class);
        assertThat(g.state().lane().op().modelId()).isEqualTo(LLAMA);
    }

    @Test
    void withinTheFairnessBoundTheLoadedModelKeepsServingItsQueue() {
        GatewayScript g = new GatewayScript("tight memory", GatewayScript.TIGHT).admit(1, LLAMA).accept().land(LLAMA);
        g.at(Duration.ofSeconds(1)).admit(2, QWEN);
        long running = 1;
        for (long id = 3; id <= 10; id++) { // each arrives while the one before runs, which then ends
            g.at(Duration.ofSeconds(id)).admit(id, LLAMA).withdraw(running);
            running = id;
        }

        assertThat(g.state().lane()).as("no swap while llama's group runs").isNull();
        assertThat(g.requests()).containsEntry(2L, "waiting").containsEntry(10L, "running on " + LLAMA);
        assertThat(List.copyOf(g.state().instances().keySet())).containsExactly(LLAMA);
    }
}
