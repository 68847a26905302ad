package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LM Studio has its own life: loads, unloads, TTL and outages done elsewhere show up as events. */
class ReconcileTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aModelLoadedByAnotherAppIsDetectedAndMarkedExternal() {
        h.start();
        h.lmStudio.externallyLoad("qwen3-8b");
        h.advance(h.settings.pollInterval());

        LifecycleEvent loaded = h.events.ofType(EventType.MODEL_LOADED_EXTERNALLY).get(0);
        assertThat(loaded.message()).isEqualTo("LM Studio: Qwen3 8B loaded by another app");
        assertThat(loaded.cause()).isEqualTo(Cause.EXTERNAL);
        assertThat(loaded.details()).containsEntry("instance_id", "qwen3-8b");
        assertThat(h.model("qwen3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
    }

    @Test
    void aModelUnloadedElsewhereIsDetectedAndStopsBeingActive() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.events.clear();

        h.lmStudio.externallyUnload("llama-3-8b");
        h.advance(h.settings.pollInterval());

        assertThat(h.events.messages()).containsExactly("LM Studio: Llama 3 8B unloaded by another app",
                "Active model: none");
        assertThat(h.events.all().get(0).cause()).isEqualTo(Cause.EXTERNAL);
        assertThat(h.activeModel()).isNull();
        assertThat(h.lifecycle.status().status()).isEqualTo(ServiceStatus.IDLE);
    }

    @Test
    void anIdleTtlUnloadIsReportedWithCauseTtl() {
        h.start();
        h.lmStudio.externallyLoad("qwen3-8b", 60_000L, h.clock.instant());
        h.advance(h.settings.pollInterval());
        h.advance(Duration.ofSeconds(60));
        h.lmStudio.externallyUnload("qwen3-8b");
        h.advance(h.settings.pollInterval());

        LifecycleEvent unloaded = h.events.ofType(EventType.MODEL_UNLOADED_EXTERNALLY).get(0);
        assertThat(unloaded.cause()).isEqualTo(Cause.TTL);
        assertThat(unloaded.message()).isEqualTo("LM Studio: Qwen3 8B unloaded after its idle TTL");
    }

    @Test
    void lmStudioGoingOfflineAndComingBackIsReportedOnceEach() {
        h.start();
        h.lmStudio.offline(true);
        h.advance(h.settings.pollInterval());
        h.advance(h.settings.pollInterval());

        assertThat(h.lifecycle.status().online()).isFalse();
        assertThat(h.lifecycle.status().status()).isEqualTo(ServiceStatus.OFFLINE);
        assertThat(h.lifecycle.catalog().stale()).isTrue();
        assertThat(h.lifecycle.catalog().models()).hasSize(4); // last known catalogue
        assertThat(catchThrowableOfType(LifecycleException.class, () -> h.load("llama-3-8b")).code())
                .isEqualTo(ErrorCode.LMSTUDIO_OFFLINE);

        h.lmStudio.offline(false);
        h.advance(h.settings.pollInterval());

        assertThat(h.events.messages()).containsExactly("LM Studio: online", "LM Studio: offline", "LM Studio: online");
        assertThat(h.lifecycle.status().online()).isTrue();
        assertThat(h.lifecycle.catalog().stale()).isFalse();
    }

    @Test
    void offlineAtStartIsReportedAndTheStatusIsNeverGuessed() {
        h.lmStudio.offline(true);
        h.start();
        assertThat(h.events.messages()).containsExactly("LM Studio: offline");
        assertThat(h.lifecycle.status().status()).isEqualTo(ServiceStatus.OFFLINE);
        assertThat(h.lifecycle.catalog().models()).isEmpty();
    }

    @Test
    void aLoadRunningWhenLmStudioDiesFailsAsOffline() {
        h.start();
        LoadTicket ticket = h.load("llama-3-8b");
        h.lmStudio.offline(true);
        h.lmStudio.lastLoad().fail(new LmStudioPortException(LmStudioPortException.Reason.OFFLINE, "socket closed"));

        assertThat(h.result(ticket).error().code()).isEqualTo("lmstudio_offline");
        assertThat(h.events.messages()).contains("LM Studio: Failed to load Llama 3 8B: LM Studio is offline",
                "LM Studio: offline");
    }

    @Test
    void aRestartRebuildsStateFromLmStudio() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();
        h.lmStudio.externallyLoad("nomic-embed");
        h.close();

        try (LifecycleHarness restarted = new LifecycleHarness(h.lmStudio).start()) {
            LmStudioStatus status = restarted.lifecycle.status();
            assertThat(status.online()).isTrue();
            assertThat(status.loaded()).extracting(InstanceView::instanceId)
                    .containsExactlyInAnyOrder("llama-3-8b", "nomic-embed");
            assertThat(status.loaded()).allSatisfy(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
            assertThat(restarted.activeModel()).isEqualTo("llama-3-8b");
            assertThat(restarted.events.messages()).containsExactly("LM Studio: online", "Active model: Llama 3 8B");
            assertThat(restarted.events.all()).allSatisfy(e -> assertThat(e.cause()).isEqualTo(Cause.STARTUP));
        }
    }

    @Test
    void theUserMayUnloadWhatOtherAppsLoadedOneOrAll() {
        h.lmStudio.externallyLoad("qwen3-8b");
        h.lmStudio.externallyLoad("qwen3-8b");
        h.lmStudio.externallyLoad("nomic-embed");
        h.start();

        assertThat(h.lifecycle.unload(UnloadRequest.instance("qwen3-8b:2", Cause.USER)).unloadedInstanceIds())
                .containsExactly("qwen3-8b:2");
        assertThat(h.lifecycle.unload(UnloadRequest.everything(Cause.CLI)).unloadedInstanceIds())
                .containsExactlyInAnyOrder("qwen3-8b", "nomic-embed");
        assertThat(h.lmStudio.loadedInstanceIds()).isEmpty();
        assertThat(catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.unload(UnloadRequest.instance("gone", Cause.USER))).code())
                .isEqualTo(ErrorCode.INSTANCE_NOT_FOUND);
        assertThat(catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.unload(UnloadRequest.model("no/such", Cause.USER))).code())
                .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
    }

    @Test
    void unloadingAModelThatIsLoadingCancelsTheLoad() {
        h.start();
        LoadTicket ticket = h.load("llama-3-8b");
        UnloadResult result = h.lifecycle.unload(UnloadRequest.model("llama-3-8b", Cause.USER));

        assertThat(result.unloadedInstanceIds()).isEmpty();
        assertThat(h.result(ticket).outcome()).isEqualTo(OperationOutcome.CANCELLED);
        assertThat(h.lmStudio.lastLoad().cancelRequested()).isTrue();
    }
}
