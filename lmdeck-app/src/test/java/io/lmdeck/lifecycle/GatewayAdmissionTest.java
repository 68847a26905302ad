package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The owner's side of gateway admission ({@link ModelLifecycle#admit}): futures, slots, a client going away, a slot
 * revoked at the drain timeout, the load's progress while waiting, and {@code gatewayRequests()}. On the fake LM Studio
 * with a manual clock: everything happens on the test's thread.
 */
class GatewayAdmissionTest {
    private static final String LLAMA = "llama-3-8b";
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());
    private int ids;

    @AfterEach
    void close() {
        h.close();
    }

    private CompletableFuture<GatewaySlot> admit(String modelId, List<LoadingView> progress) {
        GatewayRequest request = new GatewayRequest("req_" + ++ids, modelId, "/v1/chat/completions", "test",
                h.clock.instant());
        return h.lifecycle.admit(request, Duration.ofSeconds(300), progress::add);
    }

    @Test
    void requestsWaitForOneLoadWithItsProgressThenRunWithinTheSlots() throws Exception {
        h.start();
        List<LoadingView> progress = new CopyOnWriteArrayList<>();
        List<CompletableFuture<GatewaySlot>> admitted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            admitted.add(admit(LLAMA, progress));
        }
        assertThat(h.lmStudio.calls()).filteredOn(call -> call.startsWith("load")).hasSize(1);
        assertThat(h.lifecycle.gatewayRequests()).hasSize(6)
                .allSatisfy(view -> assertThat(view.state()).isEqualTo("loading"));

        h.lmStudio.lastLoad().progress(0.5);
        h.lmStudio.lastLoad().succeed();

        assertThat(progress).isNotEmpty().allSatisfy(view -> assertThat(view.modelId()).isEqualTo(LLAMA));
        assertThat(admitted).filteredOn(CompletableFuture::isDone).hasSize(4);
        assertThat(h.lifecycle.gatewayRequests()).extracting(GatewayRequestView::state)
                .containsExactly("running", "running", "running", "running", "queued", "queued");
        assertThat(h.lifecycle.gatewayRequests()).extracting(GatewayRequestView::position)
                .containsExactly(null, null, null, null, 1, 2);
        assertThat(h.activeModel()).as("a gateway load does not choose chat's model").isNull();

        admitted.get(5).cancel(true); // the client left while queued: dropped at once
        assertThat(h.lifecycle.gatewayRequests()).hasSize(5);

        GatewaySlot first = admitted.get(0).get();
        assertThat(first.instanceId()).isEqualTo(LLAMA);
        first.close();
        first.close(); // closing twice frees once
        assertThat(admitted.get(4)).isDone();
        assertThat(h.lifecycle.gatewayRequests()).hasSize(4)
                .allSatisfy(view -> assertThat(view.state()).isEqualTo("running"));
    }

    @Test
    void anUnloadDrainsAndTheRequestsStillRunningAtTheDeadlineAreToldWhy() throws Exception {
        h.start();
        CompletableFuture<GatewaySlot> admitted = admit(LLAMA, new ArrayList<>());
        h.lmStudio.lastLoad().succeed();
        GatewaySlot slot = admitted.get();

        UnloadResult unload = h.lifecycle.unload(UnloadRequest.model(LLAMA, Cause.USER));

        assertThat(unload.draining()).isTrue();
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly(LLAMA);
        h.advance(h.settings.gatewayDrainTimeout().minusSeconds(1));
        assertThat(slot.revoked()).isNotDone();
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly(LLAMA);

        h.advance(Duration.ofSeconds(1));

        assertThat(slot.revoked()).isCompletedWithValueMatching(reason -> reason.contains("drain timeout"));
        assertThat(h.lmStudio.loadedInstanceIds()).isEmpty();
        assertThat(h.lifecycle.gatewayRequests()).isEmpty();
        slot.close(); // after the fact: nothing to free
    }

    @Test
    void aFailedLoadAnswersEveryWaiterWithTheReason() {
        h.start();
        CompletableFuture<GatewaySlot> one = admit(LLAMA, new ArrayList<>());
        CompletableFuture<GatewaySlot> two = admit(LLAMA, new ArrayList<>());

        h.lmStudio.lastLoad().fail(new LmStudioPortException(LmStudioPortException.Reason.FAILED, "model is corrupt"));

        for (CompletableFuture<GatewaySlot> waiter : List.of(one, two)) {
            assertThat(waiter).isCompletedExceptionally();
            try {
                waiter.get();
            } catch (InterruptedException | ExecutionException e) {
                LifecycleException error = (LifecycleException) e.getCause();
                assertThat(error.code()).isEqualTo(ErrorCode.LOAD_FAILED);
                assertThat(error.getMessage()).contains("model is corrupt");
            }
        }
        assertThat(h.lifecycle.gatewayRequests()).isEmpty();
    }

    @Test
    void anUnknownModelIsRefused() {
        h.start();
        CompletableFuture<GatewaySlot> admitted = admit("nope", new ArrayList<>());

        assertThat(admitted).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(LifecycleException.class)
                .satisfies(e -> assertThat(((LifecycleException) e).code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
    }
}
