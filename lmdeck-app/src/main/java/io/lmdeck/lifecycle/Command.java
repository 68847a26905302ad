package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the owner processes, one at a time: user intent, completions of LM Studio calls
 * (carrying the operation id or instance id that started them, so stale ones are dropped) and timer ticks.
 */
sealed interface Command {

    /** A command someone waits for: refused as a whole when the owner is shut down. */
    interface Request {
        CompletableFuture<?> reply();
    }

    record Select(LoadRequest request, CompletableFuture<LoadTicket> reply) implements Command, Request {
    }

    record Unload(UnloadRequest request, CompletableFuture<UnloadResult> reply) implements Command, Request {
    }

    record Cancel(String operationId, CompletableFuture<OperationResult> reply) implements Command, Request {
    }

    record Await(String operationId, CompletableFuture<CompletableFuture<OperationResult>> reply)
            implements Command, Request {
    }

    record AcquireLease(CompletableFuture<LeaseGrant> reply) implements Command, Request {
    }

    record ReleaseLease(String instanceId) implements Command {
    }

    /** Off-owner preparation of a load finished: history-based duration, LM Studio's estimate, host memory. */
    record Prepared(String operationId, Optional<Duration> typicalDuration, OptionalLong estimatedBytes,
                    HostMemorySample host) implements Command {
    }

    /** Typical load durations (default context) of the models that have a load history. */
    record HistoryRecalled(Map<String, Duration> typicalDurations) implements Command {
    }

    record LoadAccepted(String operationId, boolean cancelSupported, boolean reportsProgress) implements Command {
    }

    record LoadProgress(String operationId, double progress) implements Command {
    }

    record LoadSucceeded(String operationId, LmStudioPort.Instance instance) implements Command {
    }

    record LoadFailed(String operationId, Throwable error) implements Command {
    }

    record UnloadDone(String instanceId, Throwable error) implements Command {
    }

    /**
     * {@code epoch}: lmdeck's mutation count when the observation was asked (see {@link Effect.Observe});
     * {@code recalled}: what lmdeck did before it started, for the instances observed (nothing once state is rebuilt).
     */
    record Observed(long epoch, LmStudioPort.Observation observation, HostMemorySample host,
                    OwnershipHistory.Recalled recalled) implements Command {
        Observed(long epoch, LmStudioPort.Observation observation, HostMemorySample host) {
            this(epoch, observation, host, OwnershipHistory.Recalled.NOTHING);
        }
    }

    record ObserveFailed(Throwable error) implements Command {
    }

    /** Once a second: stall limits, drain deadlines, a fresh ETA in the snapshot. */
    record Tick() implements Command {
    }

    /** Every poll interval: re-read LM Studio. */
    record Poll() implements Command {
    }

    record Shutdown() implements Command {
    }

    /** What the owner hands a chat: the active model and the instance to talk to. */
    record LeaseGrant(String modelId, String instanceId) {
    }

    /** Host memory read off the owner thread; nulls when unknown. */
    record HostMemorySample(Long totalBytes, Long availableBytes) {
        static HostMemorySample of(HostMemory memory) {
            return new HostMemorySample(boxed(memory.totalBytes()), boxed(memory.availableBytes()));
        }

        private static Long boxed(OptionalLong value) {
            return value.isPresent() ? value.getAsLong() : null;
        }
    }
}
