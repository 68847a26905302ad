package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.InstanceNotFoundException;
import io.lmdeck.lmstudio.client.errors.InsufficientMemoryException;
import io.lmdeck.lmstudio.client.errors.ModelLoadFailedException;
import io.lmdeck.lmstudio.client.errors.ModelNotFoundException;
import io.lmdeck.lmstudio.client.model.GpuOffloadRatio;
import io.lmdeck.lmstudio.client.model.LoadState;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.lmdeck.lmstudio.client.SimFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Loads over the blocking REST v1 endpoint (websocket switched off) against the simulator on loopback. */
class RestLoadTest extends SimulatorTest {

    private void start() {
        f = SimFixture.start(s -> { }, c -> c.useWebsocket(false));
    }

    @Test
    void withoutWebsocketLoadsGoOverRestV1WithUnknownProgress() {
        start();
        RecordingListener listener = new RecordingListener();

        assertThat(f.client.probe().loadTransport()).isEqualTo(LoadTransport.REST_V1);
        ModelLoad handle = f.client.load(ModelLoadRequest.builder(QWEN).contextLength(8192).flashAttention(true).build(), listener);
        LoadedInstance instance = handle.result().join();

        assertThat(listener.startedWith).isEqualTo(LoadTransport.REST_V1);
        assertThat(listener.progressReported).isFalse();
        assertThat(listener.progress).isEmpty();
        assertThat(listener.warnings).isEmpty();
        assertThat(instance.instanceId()).isEqualTo(QWEN);
        assertThat(instance.contextLength()).isEqualTo(8192);
        assertThat(f.sim.control().instances()).hasSize(1);
    }

    @Test
    void websocketOnlySettingsAreLeftOutOfTheClosedSchemaAndReported() {
        start();
        RecordingListener listener = new RecordingListener();

        LoadedInstance instance = f.client.load(ModelLoadRequest.builder(QWEN).ttl(Duration.ofMinutes(5)).parallel(2)
                .gpuOffload(GpuOffloadRatio.ratio(0.5)).identifier("mine").build(), listener).result().join();

        assertThat(instance.instanceId()).as("REST v1 has no identifier field").isEqualTo(QWEN);
        assertThat(listener.warnings).singleElement().satisfies(w ->
                assertThat(w).contains("identifier", "ttl", "gpu offload", "parallel"));
    }

    @Test
    void listV1AndUnloadOverRest() {
        start();
        f.sim.control().loadExternally(QWEN);

        List<ModelInfo> models = f.client.listModels();
        ModelInfo qwen = models.stream().filter(m -> m.key().equals(QWEN)).findFirst().orElseThrow();
        assertThat(qwen.state()).isEqualTo(LoadState.LOADED);
        assertThat(qwen.loadedInstances()).extracting(LoadedInstance::instanceId).containsExactly(QWEN);

        f.client.unload(QWEN);

        assertThat(f.sim.control().instances()).isEmpty();
        assertThatThrownBy(() -> f.client.unload(QWEN)).isInstanceOf(InstanceNotFoundException.class)
                .satisfies(e -> assertThat(((InstanceNotFoundException) e).httpStatus()).contains(404));
    }

    @Test
    void v1ShowingNoInstancesWhileV0ShowsLoadedStillListsTheInstance() {
        start();
        f.sim.control().loadExternally(QWEN);
        f.sim.control().emptyLoadedInstancesBug(true);

        ModelInfo qwen = f.client.listModels().stream().filter(m -> m.key().equals(QWEN)).findFirst().orElseThrow();

        assertThat(qwen.isLoaded()).isTrue();
        assertThat(qwen.loadedInstances()).extracting(LoadedInstance::instanceId).containsExactly(QWEN);
        assertThat(f.client.listLoaded()).extracting(LoadedInstance::instanceId).containsExactly(QWEN);
    }

    @Test
    void unknownModelIs404ModelNotFoundWithCloseMatches() {
        start();

        Throwable error = failureOf(f.client.load(ModelLoadRequest.of("qwen/qwen3-4b"), null).result());

        assertThat(error).isInstanceOf(ModelNotFoundException.class);
        ModelNotFoundException notFound = (ModelNotFoundException) error;
        assertThat(notFound.httpStatus()).contains(404);
        assertThat(notFound.closeMatches()).contains(QWEN);
    }

    @Test
    void guardrailRefusalOverRestIsInsufficientMemory() {
        start();
        f.sim.control().injectFailure(QWEN, FailureMode.INSUFFICIENT_MEMORY);

        Throwable error = failureOf(f.client.load(ModelLoadRequest.of(QWEN), null).result());

        assertThat(error).isInstanceOf(InsufficientMemoryException.class);
        assertThat(((InsufficientMemoryException) error).estimatedBytes()).isPresent();
    }

    @Test
    void engineCrashOverRestIsLoadFailed() {
        start();
        f.sim.control().injectFailure(QWEN, FailureMode.ENGINE_CRASH);

        Throwable error = failureOf(f.client.load(ModelLoadRequest.of(QWEN), null).result());

        assertThat(error).isInstanceOf(ModelLoadFailedException.class);
    }

    @Test
    void cancellingABlockingRestLoadReportsTheInstanceLmStudioStillFinishes() {
        f = SimFixture.start(s -> s.loadSecondsPerGb(0.8), c -> c.useWebsocket(false));
        ModelLoad handle = f.client.load(ModelLoadRequest.of(QWEN), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !f.sim.control().loading().isEmpty());

        handle.cancel();

        assertThat(failureOf(handle.result())).isInstanceOf(CancelledException.class);
        Optional<LoadedInstance> landed = handle.upstreamDone().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(landed).hasValueSatisfying(i -> assertThat(i.instanceId()).isEqualTo(QWEN));
        assertThat(f.sim.control().loading()).isEmpty();
        assertThat(f.sim.control().instances()).as("left loaded: unloading it is the caller's decision").hasSize(1);
    }
}
