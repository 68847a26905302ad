package io.lmdeck.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the owner processes, one at a time: user intent, completions of LM Studio calls (carrying the
 * operation id or instance id that started them, so stale ones are dropped) and timer ticks. A {@link Request}
 * carries the id under which the shell waits for its {@link Reply}; the core never sees a future.
 */
sealed interface Command {

    /** A command someone waits for: answered by a {@link Reply} with the same id (refused when shut down). */
    sealed interface Request extends Command {
        long requestId();
    }

    /**
     * {@code operationId}: the id a new load gets if one is needed (made by the shell, so the core stays a function of
     * its inputs).
     */
    record Select(long requestId, String operationId, LoadRequest request) implements Request {
    }

    record Unload(long requestId, UnloadRequest request) implements Request {
    }

    record Cancel(long requestId, String operationId) implements Request {
    }

    /** Answered when the operation ends (at once when it already has). */
    record Await(long requestId, String operationId) implements Request {
    }

    record AcquireLease(long requestId, LeaseHolder holder) implements Request {
    }

    record ReleaseLease(String instanceId, LeaseHolder holder) implements Command {
    }

    /**
     * A gateway request asks for a slot (contract §6), answered with a {@link SlotGrant} once it has one.
     * {@code operationId}: the id a load for it gets if one is needed; {@code deadline}: when it stops waiting.
     */
    record Admit(long requestId, GatewayRequest request, String operationId, Instant deadline, LoadRequest load)
            implements Request {
        /** What a model without a preset gets: LM Studio's defaults for its load. */
        Admit(long requestId, GatewayRequest request, String operationId, Instant deadline) {
            this(requestId, request, operationId, deadline, GatewayTransitions.bareLoad(request.modelId()));
        }
    }

    /** A gateway request ended (slot closed) or its client went away (admission cancelled): its place or slot is free. */
    record Withdraw(long requestId) implements Command {
    }

    /**
     * The presets changed (or were read at start): each model's pin, TTL and slots, applied at once to what is
     * loaded. Models absent from the map have none ({@link ModelPolicy#NONE}).
     */
    record PoliciesChanged(Map<String, ModelPolicy> policies) implements Command {
        public PoliciesChanged {
            policies = Map.copyOf(policies);
        }
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

    /** What the owner hands an admitted gateway request: its slot on an instance of its model. */
    record SlotGrant(long requestId, String modelId, String instanceId) {
    }

    /** What the owner hands a lease holder: the active model and the instance to talk to. */
    record LeaseGrant(String modelId, String instanceId, LeaseHolder holder) {
    }

    /** Host memory read off the owner thread; nulls when unknown. */
    record HostMemorySample(Long totalBytes, Long availableBytes) {
        static final HostMemorySample UNKNOWN = new HostMemorySample(null, null);

        static HostMemorySample of(HostMemory memory) {
            return new HostMemorySample(boxed(memory.totalBytes()), boxed(memory.availableBytes()));
        }

        private static Long boxed(OptionalLong value) {
            return value.isPresent() ? value.getAsLong() : null;
        }
    }
}
