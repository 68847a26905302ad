package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.BadRequestException;
import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.InstanceNotFoundException;
import io.lmdeck.lmstudio.client.errors.InsufficientMemoryException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ModelLoadFailedException;
import io.lmdeck.lmstudio.client.errors.ModelNotFoundException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.errors.StalledException;
import io.lmdeck.lmstudio.client.model.GpuOffloadRatio;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import io.lmdeck.lmstudio.client.model.ModelUsageEstimate;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.lmdeck.lmstudio.client.SimFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Loads over the SDK websocket against the simulator on loopback: progress, cancel, failures, the opt-in stall limit,
 * offline. The client is a transport: it reports what LM Studio did and never unloads on its own.
 */
class WebsocketLoadTest extends SimulatorTest {
    private static final String NOMIC = "text-embedding-nomic-embed-text-v1.5";

    @Test
    void probeChoosesTheWebsocketAndReportsTheVersion() {
        f = SimFixture.start();

        ServerInfo info = f.client.probe();

        assertThat(info.online()).isTrue();
        assertThat(info.usable()).isTrue();
        assertThat(info.loadTransport()).isEqualTo(LoadTransport.WEBSOCKET);
        assertThat(info.capabilities()).contains(Capability.GREETING, Capability.REST_V1, Capability.REST_V0,
                Capability.OPENAI, Capability.WEBSOCKET);
        assertThat(info.version()).isNotBlank();
        assertThat(info.loadProgressSupported()).isTrue();
    }

    @Test
    void loadReportsProgressRisingToOneAndTheInstanceAppears() {
        f = SimFixture.start();
        RecordingListener listener = new RecordingListener();

        ModelLoad handle = f.client.load(ModelLoadRequest.builder(QWEN).contextLength(8192).gpuOffload(GpuOffloadRatio.maximum())
                .parallel(2).ttl(Duration.ofMinutes(10)).build(), listener);
        LoadedInstance instance = handle.result().join();

        assertThat(handle.transport()).isEqualTo(LoadTransport.WEBSOCKET);
        assertThat(listener.startedWith).isEqualTo(LoadTransport.WEBSOCKET);
        assertThat(listener.progressReported).isTrue();
        assertThat(listener.resolved).extracting(ModelInfo::key).containsExactly(QWEN);
        assertThat(listener.progress).hasSizeGreaterThan(2).isSorted();
        assertThat(listener.progress.get(0)).isLessThan(0.5);
        assertThat(handle.progress()).isEqualTo(1.0);
        assertThat(instance.instanceId()).isEqualTo(QWEN);
        assertThat(instance.modelKey()).isEqualTo(QWEN);
        assertThat(instance.contextLength()).isEqualTo(8192);
        assertThat(instance.ttlMs()).isEqualTo(600_000L);
        assertThat(f.client.listLoaded()).extracting(LoadedInstance::instanceId).containsExactly(QWEN);
        assertThat(f.sim.control().instances()).hasSize(1);
    }

    @Test
    void callsDuringALoadShareTheSocketWithoutMixingCallAndChannelIds() {
        // The load is channel 0 on /llm and the listing is call 0 on /llm: the ids overlap, the maps must not.
        f = SimFixture.start(s -> s.loadSecondsPerGb(1), c -> { });
        RecordingListener listener = new RecordingListener();
        ModelLoad handle = f.client.load(ModelLoadRequest.of(QWEN), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.lastProgress() > 0.1);

        List<LoadedInstance> whileLoading = f.client.listLoaded();
        LoadedInstance loaded = handle.result().join();

        assertThat(whileLoading).isEmpty();
        assertThat(loaded.instanceId()).isEqualTo(QWEN);
        assertThat(listener.lastProgress()).isEqualTo(1.0);
        assertThat(f.client.listLoaded()).extracting(LoadedInstance::instanceId).containsExactly(QWEN);
    }

    @Test
    void identifierIsUsedAndASecondLoadGetsASuffix() {
        f = SimFixture.start();

        LoadedInstance custom = f.client.load(ModelLoadRequest.builder(GEMMA).identifier("my-gemma").build(),
                LoadProgressListener.NONE).result().join();
        LoadedInstance first = f.client.load(ModelLoadRequest.of(GEMMA), null).result().join();
        LoadedInstance second = f.client.load(ModelLoadRequest.of(GEMMA), null).result().join();

        assertThat(custom.instanceId()).isEqualTo("my-gemma");
        assertThat(first.instanceId()).isEqualTo(GEMMA);
        assertThat(second.instanceId()).isEqualTo("google/gemma-3-1b:2");
        ModelInfo gemma = f.client.listModels().stream().filter(m -> m.key().equals(GEMMA)).findFirst().orElseThrow();
        assertThat(gemma.loadedInstances()).extracting(LoadedInstance::instanceId)
                .containsExactlyInAnyOrder("my-gemma", GEMMA, "google/gemma-3-1b:2");
    }

    @Test
    void anIdentifierAlreadyInUseIsABadRequest() {
        f = SimFixture.start();
        f.client.load(ModelLoadRequest.builder(GEMMA).identifier("mine").build(), null).result().join();

        Throwable error = failureOf(f.client.load(ModelLoadRequest.builder(QWEN).identifier("mine").build(), null).result());

        assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("mine");
        assertThat(((BadRequestException) error).upstreamCode()).contains("identifier_in_use");
        assertThat(f.sim.control().instances()).hasSize(1);
    }

    @Test
    void closingTheClientCancelsItsRunningLoads() {
        f = SimFixture.start(s -> s.loadSecondsPerGb(2), c -> { });
        RecordingListener listener = new RecordingListener();
        ModelLoad handle = f.client.load(ModelLoadRequest.of(QWEN), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.lastProgress() > 0.1);

        f.client.close();

        assertThat(failureOf(handle.result())).isInstanceOf(CancelledException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(f.sim.control().loading()).isEmpty();
            assertThat(f.sim.control().instances()).isEmpty();
        });
    }

    @Test
    void embeddingModelsLoadOnTheirOwnNamespace() {
        f = SimFixture.start();

        LoadedInstance nomic = f.client.load(ModelLoadRequest.of(NOMIC), null).result().join();

        assertThat(nomic.type()).isEqualTo(ModelDomain.EMBEDDING);
        assertThat(f.client.listLoaded()).extracting(LoadedInstance::instanceId).contains(NOMIC);
    }

    @Test
    void cancelHalfWayLeavesNoInstanceBehind() {
        f = SimFixture.start(s -> s.loadSecondsPerGb(2), c -> { });
        RecordingListener listener = new RecordingListener();

        ModelLoad handle = f.client.load(ModelLoadRequest.of(QWEN), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.lastProgress() >= 0.4);
        handle.cancel();

        assertThat(failureOf(handle.result())).isInstanceOf(CancelledException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(f.sim.control().loading()).isEmpty();
            assertThat(f.sim.control().instances()).isEmpty();
        });
        assertThat(f.client.listLoaded()).isEmpty();
        assertThat(listener.lastProgress()).isLessThan(1.0);
    }

    @Test
    void afterACancelUpstreamDoneSaysWhenLmStudioHasReallyStopped() {
        f = SimFixture.start(s -> s.loadSecondsPerGb(2), c -> { });
        RecordingListener listener = new RecordingListener();
        ModelLoad handle = f.client.load(ModelLoadRequest.of(QWEN), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.lastProgress() >= 0.2);
        assertThat(handle.upstreamDone()).isNotDone();

        handle.cancel();

        assertThat(failureOf(handle.result())).isInstanceOf(CancelledException.class); // at once, for the caller
        Optional<LoadedInstance> landed = handle.upstreamDone().orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(landed).as("LM Studio stopped without loading it").isEmpty();
        assertThat(f.sim.control().loading()).as("LM Studio stopped before upstreamDone").isEmpty();
    }

    @Test
    void aLoadThatLandsAfterACancelIsReportedAndLeftLoaded() {
        f = SimFixture.start();
        AtomicReference<ModelLoad> load = new AtomicReference<>();
        // Cancel at the moment LM Studio finishes, before its answer reaches the client: the cancel comes too late.
        f.sim.control().onInstanceLoaded(instance -> load.get().cancel());
        RecordingListener listener = new RecordingListener();

        load.set(f.client.load(ModelLoadRequest.of(QWEN), listener));
        ModelLoad handle = load.get();

        assertThat(failureOf(handle.result())).isInstanceOf(CancelledException.class);
        Optional<LoadedInstance> landed = handle.upstreamDone().orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(landed).hasValueSatisfying(i -> assertThat(i.instanceId()).isEqualTo(QWEN));
        assertThat(f.client.listLoaded()).as("the client unloads nothing on its own")
                .extracting(LoadedInstance::instanceId).containsExactly(QWEN);
        assertThat(f.sim.control().instances()).hasSize(1);
    }

    @Test
    void upstreamDoneCompletesWithTheLoad() {
        f = SimFixture.start();
        ModelLoad handle = f.client.load(ModelLoadRequest.of(GEMMA), null);
        LoadedInstance loaded = handle.result().join();
        assertThat(handle.upstreamDone()).isCompletedWithValue(Optional.of(loaded));
    }

    @Test
    void unloadRemovesTheInstanceAndAnUnknownIdIsInstanceNotFound() {
        f = SimFixture.start();
        LoadedInstance loaded = f.client.load(ModelLoadRequest.of(GEMMA), null).result().join();

        f.client.unload(loaded.instanceId());

        assertThat(f.client.listLoaded()).isEmpty();
        assertThat(f.sim.control().instances()).isEmpty();
        assertThatThrownBy(() -> f.client.unload(loaded.instanceId())).isInstanceOf(InstanceNotFoundException.class)
                .satisfies(e -> assertThat(((InstanceNotFoundException) e).instanceId()).isEqualTo(loaded.instanceId()));
    }

    @Test
    void unknownModelIsNotFoundWithCloseMatches() {
        f = SimFixture.start();

        Throwable error = failureOf(f.client.load(ModelLoadRequest.of("qwen/qwen3-4b"), null).result());

        assertThat(error).isInstanceOf(ModelNotFoundException.class);
        assertThat(((ModelNotFoundException) error).closeMatches()).contains(QWEN);
        assertThat(f.sim.control().instances()).isEmpty();
    }

    @Test
    void guardrailRefusalIsInsufficientMemoryWithTheEstimate() {
        f = SimFixture.start();
        f.sim.control().injectFailure(QWEN, FailureMode.INSUFFICIENT_MEMORY);

        Throwable error = failureOf(f.client.load(ModelLoadRequest.of(QWEN), null).result());

        assertThat(error).isInstanceOf(InsufficientMemoryException.class);
        InsufficientMemoryException refusal = (InsufficientMemoryException) error;
        assertThat(refusal.estimateText()).hasValueSatisfying(t -> assertThat(t).endsWith("GB"));
        assertThat(refusal.estimatedBytes()).hasValueSatisfying(b -> assertThat(b).isGreaterThan(1_000_000_000L));
        assertThat(f.sim.control().instances()).isEmpty();
    }

    @Test
    void engineCrashIsLoadFailed() {
        f = SimFixture.start();
        f.sim.control().injectFailure(QWEN, FailureMode.ENGINE_CRASH);

        Throwable error = failureOf(f.client.load(ModelLoadRequest.of(QWEN), null).result());

        assertThat(error).isInstanceOf(ModelLoadFailedException.class);
        assertThat(((ModelLoadFailedException) error).modelKey()).isEqualTo(QWEN);
    }

    @Test
    void aHangStallsOnlyAClientThatAskedForAStallLimitWhichThenCancelsItUpstream() {
        f = SimFixture.start(s -> s.loadSecondsPerGb(0.2), c -> { });
        f.sim.control().injectFailure(QWEN, FailureMode.HANG);
        RecordingListener patient = new RecordingListener();
        ModelLoad unlimited = f.client.load(ModelLoadRequest.of(QWEN), patient);
        await().atMost(Duration.ofSeconds(10)).until(() -> patient.lastProgress() > 0.99);

        Throwable error;
        try (LmStudioClient strict = f.otherClient(c -> c.stallTimeout(Duration.ofMillis(1500)))) {
            error = failureOf(strict.load(ModelLoadRequest.of(QWEN), null).result());
            await().atMost(Duration.ofSeconds(5)).until(() -> f.sim.control().loading().size() == 1);
        }

        assertThat(error).isInstanceOf(StalledException.class);
        StalledException stalled = (StalledException) error;
        assertThat(stalled.lastProgress()).isGreaterThan(0.99).isLessThan(1.0);
        assertThat(stalled.getMessage()).contains("99.9");
        assertThat(unlimited.result()).as("stuck for longer, but no stall limit was asked for").isNotDone();
        unlimited.cancel();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(f.sim.control().loading()).isEmpty();
            assertThat(f.sim.control().instances()).isEmpty();
        });
    }

    @Test
    void lmStudioGoingOfflineMidLoadIsOfflineAndTheClientRecoversWhenItReturns() {
        f = SimFixture.start(s -> s.loadSecondsPerGb(2), c -> { });
        RecordingListener listener = new RecordingListener();
        ModelLoad handle = f.client.load(ModelLoadRequest.of(QWEN), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.lastProgress() > 0.2);

        f.sim.control().goOffline();

        assertThat(failureOf(handle.result())).isInstanceOf(OfflineException.class);
        ServerInfo down = f.client.probe();
        assertThat(down.online()).isFalse();
        assertThat(down.loadTransport()).isEqualTo(LoadTransport.NONE);
        assertThatThrownBy(f.client::listModels).isInstanceOf(OfflineException.class);

        f.sim.control().goOnline();
        f.sim.control().loadSecondsPerGb(0.2);

        assertThat(f.client.listModels()).isNotEmpty();
        assertThat(f.client.lastServerInfo()).hasValueSatisfying(i -> assertThat(i.online()).isTrue());
        LoadedInstance again = f.client.load(ModelLoadRequest.of(GEMMA), null).result().join();
        assertThat(again.instanceId()).isEqualTo(GEMMA);
    }

    @Test
    void estimateGivesLmStudiosMemoryFigures() {
        f = SimFixture.start();

        Optional<ModelUsageEstimate> estimate = f.client.estimate(QWEN, null, LoadConfig.defaults().withContextLength(8192));
        Optional<ModelUsageEstimate> told = f.client.estimate(QWEN, ModelDomain.LLM, LoadConfig.defaults().withContextLength(8192));

        assertThat(estimate).hasValueSatisfying(e -> {
            assertThat(e.totalBytes()).isGreaterThan(2_000_000_000L);
            assertThat(e.passesGuardrails()).isTrue();
        });
        assertThat(told).isEqualTo(estimate);
        for (ModelDomain domain : new ModelDomain[] {null, ModelDomain.LLM}) {
            assertThatThrownBy(() -> f.client.estimate("qwen3-4b-2507", domain, null))
                    .as("unknown key, domain %s", domain).isInstanceOf(ModelNotFoundException.class)
                    .satisfies(e -> assertThat(((ModelNotFoundException) e).closeMatches()).contains(QWEN));
        }
    }

    @Test
    void aDomainTheCallerGivesIsUsedAsGivenWithoutLookingTheModelUp() {
        f = SimFixture.start();

        Throwable wrong = failureOf(f.client.load(ModelLoadRequest.builder(NOMIC).domain(ModelDomain.LLM).build(), null)
                .result());
        LoadedInstance right = f.client.load(ModelLoadRequest.builder(NOMIC).domain(ModelDomain.EMBEDDING).build(), null)
                .result().join();

        assertThat(wrong).as("sent to /llm as told, where LM Studio refuses an embedding model")
                .isInstanceOf(LmStudioException.class).hasMessageContaining("embedding");
        assertThat(right.type()).isEqualTo(ModelDomain.EMBEDDING);
        assertThat(f.sim.control().instances()).hasSize(1);
    }

    @Test
    void listModelsComesWithLoadedInstancesFromAllSources() {
        f = SimFixture.start();
        f.sim.control().loadExternally(QWEN);

        List<ModelInfo> models = f.client.listModels();

        ModelInfo qwen = models.stream().filter(m -> m.key().equals(QWEN)).findFirst().orElseThrow();
        assertThat(qwen.isLoaded()).isTrue();
        assertThat(qwen.displayName()).isNotBlank();
        assertThat(qwen.sizeBytes()).isEqualTo(2497280960L);
        assertThat(models).extracting(ModelInfo::type).contains(ModelDomain.LLM, ModelDomain.EMBEDDING);
    }
}
