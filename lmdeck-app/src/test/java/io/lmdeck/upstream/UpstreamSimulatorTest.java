package io.lmdeck.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventPublisher;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.lifecycle.LifecycleSettings;
import io.lmdeck.lifecycle.LoadRequest;
import io.lmdeck.lifecycle.LoadTicket;
import io.lmdeck.lifecycle.LoadedBy;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.lifecycle.ModelLifecycles;
import io.lmdeck.lifecycle.ModelState;
import io.lmdeck.lifecycle.OperationOutcome;
import io.lmdeck.lifecycle.OperationResult;
import io.lmdeck.lifecycle.OwnershipHistory;
import io.lmdeck.lifecycle.ServiceStatus;
import io.lmdeck.lmstudio.client.LmStudioClient;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import io.lmdeck.lmstudio.sim.engine.Instance;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lifecycle and its adapter against the LM Studio simulator, over real HTTP and websocket on loopback. */
class UpstreamSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SMALL = "google/gemma-3-1b";      // ~0.8 GB
    private static final String MEDIUM = "qwen/qwen3-4b-2507";    // ~2.5 GB
    private static final String LARGE = "qwen/qwen3-8b";          // ~8.7 GB

    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
    private LmStudioSimulator sim;
    private LmStudioUpstream upstream;
    private ModelLifecycle lifecycle;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().host("127.0.0.1").port(0).loadSecondsPerGb(0.5).build().start();
        startLifecycle(Duration.ofSeconds(120));
    }

    private void startLifecycle(Duration stallLimit) {
        startLifecycle(stallLimit, LmStudioUpstream.connect(URI.create(sim.baseUrl()), null));
    }

    private void startLifecycle(Duration stallLimit, LmStudioUpstream port) {
        URI url = URI.create(sim.baseUrl());
        upstream = port;
        EventPublisher publisher = events::add;
        lifecycle = ModelLifecycles.start(upstream, publisher, (model, context) -> Optional.empty(),
                OwnershipHistory.none(), Clock.systemUTC(),
                LifecycleSettings.defaults(url).withPollInterval(Duration.ofMillis(200)).withStallLimit(stallLimit));
        await().atMost(WAIT).until(() -> lifecycle.status().online());
    }

    @AfterEach
    void stop() {
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private OperationResult finish(LoadTicket ticket) {
        return lifecycle.awaitOperation(ticket.operationId()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private List<String> simInstances() {
        return sim.control().instances().stream().map(Instance::identifier).toList();
    }

    private List<LifecycleEvent> ofType(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void aLoadReportsRealProgressOverTheWebsocketAndBecomesActive() {
        assertThat(lifecycle.status().transport()).isEqualTo("websocket");
        assertThat(lifecycle.catalog().models()).extracting(m -> m.modelId()).contains(SMALL, MEDIUM, LARGE);

        LoadTicket ticket = lifecycle.load(LoadRequest.of(MEDIUM, Cause.API));
        assertThat(ticket.state()).isEqualTo(ModelState.LOADING);
        await().atMost(WAIT).until(() -> lifecycle.status().loading() != null
                && lifecycle.status().loading().progress() != null && lifecycle.status().loading().progress() > 0);

        assertThat(finish(ticket).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        await().atMost(WAIT).until(() -> lifecycle.status().status() == ServiceStatus.READY);
        assertThat(lifecycle.status().activeModel().modelId()).isEqualTo(MEDIUM);
        assertThat(lifecycle.status().loaded()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.LMDECK));
        assertThat(simInstances()).containsExactly(MEDIUM);
        assertThat(ofType(EventType.MODEL_LOADING_PROGRESS)).isNotEmpty().allSatisfy(e ->
                assertThat((Double) e.details().get("progress")).isBetween(0.0, 1.0));
        assertThat(ofType(EventType.MODEL_LOADING_COMPLETE)).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("LM Studio: Model Ready (Qwen3 4B 2507, "));

        // already loaded: no second LM Studio load
        assertThat(lifecycle.load(LoadRequest.of(MEDIUM, Cause.API)).state()).isEqualTo(ModelState.LOADED);
        assertThat(sim.control().loadCalls()).isEqualTo(1);
    }

    @Test
    void aSwapCancelsTheRunningLoadAndUnloadsThePreviousModel() {
        LoadTicket first = lifecycle.load(LoadRequest.of(SMALL, Cause.USER));
        assertThat(finish(first).outcome()).isEqualTo(OperationOutcome.COMPLETED);

        LoadTicket large = lifecycle.load(LoadRequest.of(LARGE, Cause.USER));
        await().atMost(WAIT).until(() -> !sim.control().loading().isEmpty());
        LoadTicket medium = lifecycle.load(LoadRequest.of(MEDIUM, Cause.USER));

        assertThat(finish(large).outcome()).isEqualTo(OperationOutcome.CANCELLED);
        assertThat(finish(medium).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        await().atMost(WAIT).until(() -> simInstances().equals(List.of(MEDIUM)));
        assertThat(lifecycle.status().activeModel().modelId()).isEqualTo(MEDIUM);
        assertThat(sim.control().loading()).isEmpty();
    }

    @Test
    void quickSuccessiveSelectionsLeaveOnlyTheNewestLoaded() {
        List<String> picks = List.of(LARGE, SMALL, MEDIUM, LARGE, SMALL, MEDIUM);
        LoadTicket last = null;
        for (String pick : picks) {
            last = lifecycle.load(LoadRequest.of(pick, Cause.USER));
        }
        assertThat(finish(last).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        await().atMost(WAIT).until(() -> simInstances().equals(List.of(MEDIUM)) && sim.control().loading().isEmpty());
        assertThat(lifecycle.status().activeModel().modelId()).isEqualTo(MEDIUM);
        assertThat(lifecycle.status().loaded()).extracting(i -> i.instanceId()).containsExactly(MEDIUM);
    }

    @Test
    void overRestALoadThatCannotBeCancelledIsUnloadedWhenItLandsBeforeTheNextLoad() {
        lifecycle.close();
        upstream.close();
        startLifecycle(Duration.ofSeconds(120), LmStudioUpstream.over(LmStudioClient.builder()
                .baseUrl(URI.create(sim.baseUrl())).useWebsocket(false).build()));
        assertThat(lifecycle.status().transport()).isEqualTo("rest_v1");

        LoadTicket first = lifecycle.load(LoadRequest.of(MEDIUM, Cause.USER));
        await().atMost(WAIT).until(() -> !sim.control().loading().isEmpty());
        assertThat(lifecycle.status().loading().progress()).isNull();
        LoadTicket second = lifecycle.load(LoadRequest.of(SMALL, Cause.USER));
        assertThat(finish(first).outcome()).isEqualTo(OperationOutcome.CANCELLED);

        assertThat(finish(second).outcome()).isEqualTo(OperationOutcome.COMPLETED);
        await().atMost(WAIT).until(() -> simInstances().equals(List.of(SMALL)));
        assertThat(sim.control().loadCalls()).isEqualTo(2);
        assertThat(lifecycle.status().activeModel().modelId()).isEqualTo(SMALL);
    }

    @Test
    void cancellingStopsTheLoadInLmStudio() {
        LoadTicket ticket = lifecycle.load(LoadRequest.of(LARGE, Cause.USER));
        await().atMost(WAIT).until(() -> !sim.control().loading().isEmpty());

        assertThat(lifecycle.cancel(ticket.operationId()).outcome()).isEqualTo(OperationOutcome.CANCELLED);

        await().atMost(WAIT).until(() -> sim.control().loading().isEmpty());
        assertThat(simInstances()).isEmpty();
        assertThat(events).extracting(LifecycleEvent::message).contains("LM Studio: Loading Qwen3 8B cancelled");
    }

    @Test
    void loadsAndUnloadsByAnotherAppAreDetected() {
        sim.control().loadExternally(SMALL);
        await().atMost(WAIT).until(() -> !ofType(EventType.MODEL_LOADED_EXTERNALLY).isEmpty());
        assertThat(ofType(EventType.MODEL_LOADED_EXTERNALLY).get(0).message())
                .isEqualTo("LM Studio: Gemma 3 1B loaded by another app");
        assertThat(lifecycle.status().loaded()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));

        sim.control().unloadExternally(SMALL);
        await().atMost(WAIT).until(() -> !ofType(EventType.MODEL_UNLOADED_EXTERNALLY).isEmpty());
        assertThat(lifecycle.status().loaded()).isEmpty();
    }

    @Test
    void lmStudioGoingOfflineAndBackIsReported() {
        sim.control().goOffline();
        await().atMost(WAIT).until(() -> lifecycle.status().status() == ServiceStatus.OFFLINE);
        assertThat(lifecycle.catalog().stale()).isTrue();
        assertThat(lifecycle.catalog().models()).isNotEmpty();

        sim.control().goOnline();
        await().atMost(WAIT).until(() -> lifecycle.status().online());
        assertThat(events).extracting(LifecycleEvent::message)
                .containsSubsequence("LM Studio: online", "LM Studio: offline", "LM Studio: online");
    }

    @Test
    void aGuardrailRefusalIsReportedAsNotEnoughMemory() {
        sim.control().injectFailure(MEDIUM, FailureMode.INSUFFICIENT_MEMORY);
        OperationResult result = finish(lifecycle.load(LoadRequest.of(MEDIUM, Cause.USER)));

        assertThat(result.outcome()).isEqualTo(OperationOutcome.FAILED);
        assertThat(result.error().code()).isEqualTo("insufficient_memory");
        assertThat(result.error().message()).startsWith("Failed to load Qwen3 4B 2507: not enough memory");
        assertThat(lifecycle.status().lastError().code()).isEqualTo("insufficient_memory");
    }

    @Test
    void aLoadStuckAt99PercentFailsAsStalledAndIsStoppedInLmStudio() {
        lifecycle.close();
        upstream.close();
        startLifecycle(Duration.ofSeconds(2));
        sim.control().injectFailure(SMALL, FailureMode.HANG);

        OperationResult result = finish(lifecycle.load(LoadRequest.of(SMALL, Cause.USER)));

        assertThat(result.error().code()).isEqualTo("stalled");
        await().atMost(WAIT).until(() -> sim.control().loading().isEmpty());
        assertThat(simInstances()).isEmpty();
    }
}
