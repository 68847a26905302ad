package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Any number of requests for one model cause one LM Studio load; a loaded model is never loaded again. */
class SingleFlightTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void fiftyConcurrentLoadsOfOneModelCauseOneLmStudioLoad() throws Exception {
        h.start();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LoadTicket>> tickets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                tickets.add(callers.submit(() -> {
                    go.await();
                    return h.load("llama-3-8b");
                }));
            }
            go.countDown();
            List<String> operationIds = new ArrayList<>();
            for (Future<LoadTicket> ticket : tickets) {
                assertThat(ticket.get().state()).isEqualTo(ModelState.LOADING);
                operationIds.add(ticket.get().operationId());
            }
            assertThat(operationIds).containsOnly(operationIds.get(0));
            assertThat(h.lmStudio.loads()).hasSize(1);

            List<CompletableFuture<OperationResult>> waiting = operationIds.stream()
                    .map(h.lifecycle::awaitOperation).toList();
            h.lmStudio.lastLoad().succeed();
            assertThat(waiting).allSatisfy(done ->
                    assertThat(done.getNow(null).outcome()).isEqualTo(OperationOutcome.COMPLETED));
        } finally {
            callers.shutdownNow();
        }
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("llama-3-8b");
        assertThat(h.events.ofType(EventType.MODEL_LOADING_STARTED)).hasSize(1);
        assertThat(h.events.ofType(EventType.MODEL_LOADING_COMPLETE)).hasSize(1);
    }

    @Test
    void aModelLoadedByLmdeckIsNotLoadedAgain() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();

        LoadTicket again = h.load("llama-3-8b");

        assertThat(again.state()).isEqualTo(ModelState.LOADED);
        assertThat(again.operationId()).isNull();
        assertThat(h.lmStudio.loads()).hasSize(1);
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("llama-3-8b");
    }

    @Test
    void aModelLoadedByAnotherAppBecomesActiveWithoutASecondCopy() {
        h.lmStudio.externallyLoad("qwen3-8b");
        h.start();
        h.lifecycle.unload(UnloadRequest.everything(Cause.USER));
        h.lmStudio.externallyLoad("qwen3-8b");
        h.advance(h.settings.pollInterval());
        h.events.clear();

        LoadTicket ticket = h.load("qwen3-8b");

        assertThat(ticket.state()).isEqualTo(ModelState.LOADED);
        assertThat(h.lmStudio.loads()).isEmpty();
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactly("qwen3-8b");
        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
        assertThat(h.events.messages()).containsExactly("Active model: Qwen3 8B");
    }

    @Test
    void anEmbeddingModelLoadsWithoutReplacingTheChatModel() {
        h.start();
        h.load("llama-3-8b");
        h.lmStudio.lastLoad().succeed();

        h.load("nomic-embed");
        h.lmStudio.lastLoad().succeed();

        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactlyInAnyOrder("llama-3-8b", "nomic-embed");
    }
}
