package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Right after start-up, before LM Studio was read once, requests wait for that read instead of guessing "offline". */
class FirstLookTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aLoadAskedBeforeLmStudioWasFirstReadWaitsForThatReadThenLoads() throws Exception {
        h.lmStudio.holdObservations(true);
        h.start();
        assertThat(h.lifecycle.status().online()).isFalse();
        assertThat(h.lifecycle.status().checkedAt()).isNull(); // not known yet: the UI says "Checking LM Studio…"

        CompletableFuture<LoadTicket> ticket = new CompletableFuture<>();
        Thread asker = new Thread(() -> {
            try {
                ticket.complete(h.load("llama-3-8b"));
            } catch (RuntimeException e) {
                ticket.completeExceptionally(e);
            }
        });
        asker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> asker.getState() == Thread.State.TIMED_WAITING);
        assertThat(ticket).isNotDone(); // waiting for the read, not refused as offline
        h.lmStudio.releaseObservations();

        assertThat(ticket.get(5, TimeUnit.SECONDS).state()).isEqualTo(ModelState.LOADING);
        assertThat(h.lmStudio.calls()).containsExactly("load:llama-3-8b");
    }

    @Test
    void whenLmStudioIsNotThereTheFirstReadSaysSoAndChatIsRefusedAsOffline() {
        h.lmStudio.offline(true);
        h.start();

        LifecycleException refused = catchThrowableOfType(LifecycleException.class,
                () -> h.lifecycle.acquireChatLease(Duration.ZERO, loading -> { }));

        assertThat(refused.code()).isEqualTo(ErrorCode.LMSTUDIO_OFFLINE);
        assertThat(h.lifecycle.status().checkedAt()).isNotNull();
    }
}
