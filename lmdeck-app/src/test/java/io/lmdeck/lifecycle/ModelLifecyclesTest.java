package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.events.Cause;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The production wiring: a real owner thread, real timers, the system clock. */
class ModelLifecyclesTest {

    @Test
    void theStartedOwnerReadsLmStudioLoadsAndPollsOnItsOwnThreads() {
        FakeLmStudio lmStudio = LifecycleHarness.demoLmStudio();
        RecordingEvents events = new RecordingEvents();
        LifecycleSettings settings = LifecycleSettings.defaults(URI.create("http://127.0.0.1:1234"))
                .withPollInterval(Duration.ofMillis(100));
        try (ModelLifecycle lifecycle = ModelLifecycles.start(lmStudio, events, (model, context) -> Optional.empty(),
                OwnershipHistory.none(), Clock.systemUTC(), settings)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.status().online());
            assertThat(lifecycle.status().baseUrl()).isEqualTo("http://127.0.0.1:1234");
            assertThat(lifecycle.status().transport()).isEqualTo("websocket");

            LoadTicket ticket = lifecycle.load(LoadRequest.of("llama-3-8b", Cause.API));
            await().atMost(Duration.ofSeconds(10)).until(() -> !lmStudio.loads().isEmpty());
            lmStudio.lastLoad().succeed();
            assertThat(lifecycle.awaitOperation(ticket.operationId()).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                    .join().outcome()).isEqualTo(OperationOutcome.COMPLETED);
            await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.status().status() == ServiceStatus.READY);

            lmStudio.externallyLoad("qwen3-8b");
            await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.status().loaded().size() == 2);
        }
    }
}
