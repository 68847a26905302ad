package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The owner wired to a fake LM Studio, a manual clock and manual timers, with its mailbox and I/O
 * running synchronously on the calling thread: every public call has finished all its consequences
 * when it returns.
 */
final class LifecycleHarness implements AutoCloseable {
    static final long GB = 1L << 30;

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T08:00:00Z"));
    final ManualTimers timers = new ManualTimers(clock);
    final FakeLmStudio lmStudio;
    final RecordingEvents events = new RecordingEvents();
    final Map<String, Duration> history = new HashMap<>();
    /** What lmdeck recalls at start (as the activity log would after a restart). */
    OwnershipHistory ownership = OwnershipHistory.none();
    final HostMemoryStub memory = new HostMemoryStub();
    final SerialExecutor mailbox = new SerialExecutor();
    LifecycleSettings settings;
    LifecycleOwner lifecycle;

    LifecycleHarness(FakeLmStudio lmStudio) {
        this.lmStudio = lmStudio;
        this.settings = LifecycleSettings.defaults(java.net.URI.create("http://127.0.0.1:1234"))
                .withHostMemory(memory)
                .withLoadBytesPerSecond(GB);
    }

    /** Two chat models and an embedding model, as in the demo catalogue. */
    static FakeLmStudio demoLmStudio() {
        return new FakeLmStudio()
                .model("llama-3-8b", "Llama 3 8B", 5 * GB)
                .model("qwen3-8b", "Qwen3 8B", 5 * GB)
                .model("qwen3-32b", "Qwen3 32B", 19 * GB)
                .embeddingModel("nomic-embed", "Nomic Embed Text v1.5", GB / 4);
    }

    LifecycleHarness start() {
        lifecycle = new LifecycleOwner(lmStudio, events,
                (modelId, context) -> Optional.ofNullable(history.get(modelId)), ownership, clock, settings,
                mailbox, Runnable::run, timers, () -> { });
        lifecycle.start();
        return this;
    }

    void advance(Duration duration) {
        timers.advance(duration);
    }

    LoadTicket load(String modelId) {
        return lifecycle.load(LoadRequest.of(modelId, Cause.USER));
    }

    OperationResult result(LoadTicket ticket) {
        return lifecycle.awaitOperation(ticket.operationId()).getNow(null);
    }

    ModelView model(String modelId) {
        return lifecycle.catalog().models().stream().filter(m -> m.modelId().equals(modelId)).findFirst()
                .orElseThrow();
    }

    String activeModel() {
        ModelView active = lifecycle.status().activeModel();
        return active == null ? null : active.modelId();
    }

    @Override
    public void close() {
        if (lifecycle != null) {
            lifecycle.close();
        }
    }

    /** Host memory the test sets. */
    static final class HostMemoryStub implements HostMemory {
        volatile Long total;
        volatile Long available;

        @Override
        public java.util.OptionalLong totalBytes() {
            return total == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(total);
        }

        @Override
        public java.util.OptionalLong availableBytes() {
            return available == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(available);
        }
    }
}
