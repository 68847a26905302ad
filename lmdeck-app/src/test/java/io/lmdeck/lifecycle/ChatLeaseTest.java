package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chat and the lifecycle: leases on the active model, waiting through a swap, draining before unload. */
class ChatLeaseTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    private void loadReady(String modelId) {
        h.load(modelId);
        h.lmStudio.lastLoad().succeed();
    }

    @Test
    void aLeaseNamesTheActiveModelAndItsInstance() throws Exception {
        h.start();
        loadReady("llama-3-8b");
        try (ChatLease lease = h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { })) {
            assertThat(lease.modelId()).isEqualTo("llama-3-8b");
            assertThat(lease.instanceId()).isEqualTo("llama-3-8b");
        }
    }

    @Test
    void aLeaseDoesNotQueueBehindTheOwnersBacklog() throws Exception {
        h.start();
        loadReady("llama-3-8b");
        h.mailbox.pause(); // the owner is busy: ticks and polls pile up unprocessed
        h.advance(Duration.ofSeconds(10));

        ChatLease lease = h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { });

        assertThat(lease.instanceId()).isEqualTo("llama-3-8b");
        lease.close();
        h.mailbox.resume();
        h.lifecycle.unload(UnloadRequest.everything(Cause.USER)); // the lease was released: nothing holds the unload back
        assertThat(h.lmStudio.loadedInstanceIds()).isEmpty();
    }

    @Test
    void withoutAnActiveModelOrOfflineChatIsRefusedWithRetryAfter() {
        h.start();
        LifecycleException none = catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { }));
        assertThat(none.code()).isEqualTo(ErrorCode.NO_ACTIVE_MODEL);
        assertThat(none.retryAfter()).isPositive();

        h.lmStudio.offline(true);
        h.advance(h.settings.pollInterval());
        LifecycleException offline = catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { }));
        assertThat(offline.code()).isEqualTo(ErrorCode.LMSTUDIO_OFFLINE);
        assertThat(offline.retryAfter()).isPositive();
    }

    @Test
    void duringASwapChatWaitsReportingTheLoadThenGetsTheNewModel() {
        h.start();
        loadReady("llama-3-8b");
        h.load("qwen3-8b");
        List<LoadingView> reported = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatLease> chat = CompletableFuture.supplyAsync(() -> {
            try {
                return h.lifecycle.acquireChatLease(Duration.ofSeconds(30), reported::add);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !reported.isEmpty());
        assertThat(reported.get(0).modelId()).isEqualTo("qwen3-8b");
        assertThat(chat).isNotDone();

        h.lmStudio.lastLoad().succeed();

        ChatLease lease = chat.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(lease.modelId()).isEqualTo("qwen3-8b");
        lease.close();
    }

    @Test
    void aSwapThatTakesTooLongAnswersModelUnavailableWithRetryAfter() {
        h.start();
        h.history.put("qwen3-8b", Duration.ofSeconds(40));
        h.load("qwen3-8b");
        LifecycleException busy = catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.acquireChatLease(Duration.ofMillis(50), loading -> { }));
        assertThat(busy.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void theOldModelIsUnloadedOnlyWhenItsRunningChatsFinish() throws Exception {
        h.start();
        loadReady("llama-3-8b");
        ChatLease first = h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { });
        ChatLease second = h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { });

        loadReady("qwen3-8b");
        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
        assertThat(h.lmStudio.loadedInstanceIds()).contains("llama-3-8b");

        first.close();
        first.close(); // closing twice releases once
        assertThat(h.lmStudio.loadedInstanceIds()).contains("llama-3-8b");
        second.close();
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("qwen3-8b");
    }

    @Test
    void aDrainThatOutlastsTheDrainTimeoutUnloadsAnyway() throws Exception {
        h.start();
        loadReady("llama-3-8b");
        ChatLease stuck = h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { });
        loadReady("qwen3-8b");

        h.advance(h.settings.drainTimeout().minusSeconds(2));
        assertThat(h.lmStudio.loadedInstanceIds()).contains("llama-3-8b");
        h.advance(Duration.ofSeconds(2));
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("qwen3-8b");
        stuck.close();
        assertThat(h.lmStudio.calls()).filteredOn(call -> call.startsWith("unload")).hasSize(1);
    }

    @Test
    void anExplicitUnloadAnswersDrainingAtOnceAndUnloadsWhenTheRunningChatEnds() throws Exception {
        h.start();
        loadReady("llama-3-8b");
        ChatLease lease = h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { });

        UnloadResult unload = h.lifecycle.unload(UnloadRequest.model("llama-3-8b", Cause.USER));

        assertThat(unload.draining()).isTrue();
        assertThat(unload.drainingInstanceIds()).containsExactly("llama-3-8b");
        assertThat(h.model("llama-3-8b").state()).isEqualTo(ModelState.UNLOADING);
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("llama-3-8b");
        assertThat(catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.acquireChatLease(Duration.ZERO, l -> { })).code())
                .isEqualTo(ErrorCode.MODEL_UNAVAILABLE); // no new chat on a model being unloaded

        lease.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> h.lmStudio.loadedInstanceIds().isEmpty());
    }
}
