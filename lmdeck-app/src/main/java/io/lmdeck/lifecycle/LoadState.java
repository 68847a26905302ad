package io.lmdeck.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A load operation in one of its states; each state holds only what it needs. The lane (at most one load against
 * LM Studio at a time) holds a {@link Preparing}, {@link Freeing}, {@link Loading} or {@link CancelRequested}; the
 * newest selection waits for it as {@link Queued}. A load that ends leaves the state (its result is kept in
 * {@link CoreState#finished()}).
 */
sealed interface LoadState {
    Op op();

    /** The run of a load LM Studio works on ({@link Loading} or {@link CancelRequested}), else null. */
    default Run run() {
        return null;
    }

    /** Remaining seconds of a load in any state (one not yet running: its expected duration). */
    default Double etaSeconds(Instant now) {
        Run run = run();
        if (run != null) {
            return run.etaSeconds(now, op().expected());
        }
        Duration expected = op().expected();
        return expected == null ? null : Math.round(expected.toMillis() / 100.0) / 10.0;
    }

    /** Waiting for the lane (another load or an unload is running). */
    record Queued(Op op) implements LoadState {
    }

    /** Holding the lane, waiting for LM Studio's memory estimate, which decides whether older models go first. */
    record Preparing(Op op) implements LoadState {
    }

    /** Holding the lane, unloading lmdeck's older models first because both would not fit: starts once these are gone. */
    record Freeing(Op op, Set<String> waitingFor) implements LoadState {
        public Freeing {
            waitingFor = Set.copyOf(waitingFor);
        }
    }

    /** Running against LM Studio. */
    record Loading(Op op, Run run) implements LoadState {
    }

    /**
     * Cancelled or superseded while LM Studio works on it: ended for its callers, it holds the lane until LM Studio
     * answers (a cancel is sent once LM Studio has accepted the load, when it can be cancelled); what still lands is
     * unloaded by lmdeck.
     */
    record CancelRequested(Op op, Run run) implements LoadState {
    }

    /** What every state of a load knows: who asked for what, and what lmdeck expects of it. */
    record Op(String id, LoadRequest request, Instant createdAt, Duration expected, Long estimatedBytes,
              GatewayRequest forRequest) {
        Op(String id, LoadRequest request, Instant createdAt, Duration expected, Long estimatedBytes) {
            this(id, request, createdAt, expected, estimatedBytes, null);
        }

        /** Asked by the gateway for {@code forRequest}: never changes the active model, never supersedes a user's. */
        boolean gateway() {
            return forRequest != null;
        }

        String modelId() {
            return request.modelId();
        }

        Op expecting(Duration duration, Long bytes) {
            return new Op(id, request, createdAt, duration, bytes, forRequest);
        }

        /** Under which earlier preparations of the same model and context length are remembered. */
        String preparedKey() {
            return preparedKey(modelId(), request.contextLength());
        }

        static String preparedKey(String modelId, Integer contextLength) {
            return modelId + "@" + (contextLength == null ? "default" : contextLength);
        }

        LoadTicket ticket() {
            return new LoadTicket(id, modelId(), ModelState.LOADING);
        }

        LmStudioPort.LoadSpec spec(ModelType type) {
            return new LmStudioPort.LoadSpec(request.modelId(), request.contextLength(), request.gpuOffload(),
                    request.ttlSeconds(), type);
        }
    }

    /**
     * A load LM Studio works on: when it started, that model's instances before it (those are not its result),
     * whether LM Studio accepted it, and its progress.
     */
    record Run(Instant startedAt, Set<String> instancesBefore, Acceptance acceptance, Progress progress) {
        public Run {
            instancesBefore = Set.copyOf(instancesBefore);
        }

        Run with(Acceptance value) {
            return new Run(startedAt, instancesBefore, value, progress);
        }

        Run with(Progress value) {
            return new Run(startedAt, instancesBefore, acceptance, value);
        }

        /** Until LM Studio says otherwise, a load is expected to report progress (the stall limit applies). */
        boolean reportsProgress() {
            return !(acceptance instanceof Acceptance.Accepted accepted) || accepted.reportsProgress();
        }

        boolean cancellable() {
            return acceptance instanceof Acceptance.Accepted accepted && accepted.cancellable();
        }

        /** Remaining seconds: measured progress rate once there is some, else the expected duration minus elapsed. */
        Double etaSeconds(Instant now, Duration expected) {
            double elapsed = Math.max(0, Duration.between(startedAt, now).toMillis() / 1000.0);
            Double value = progress.value();
            double remaining;
            if (value != null && value >= 0.1 && elapsed > 0) {
                remaining = elapsed * (1 - value) / value;
            } else if (expected != null) {
                remaining = Math.max(0, expected.toMillis() / 1000.0 - elapsed);
            } else {
                return null;
            }
            return Math.round(remaining * 10) / 10.0;
        }
    }

    /** Whether LM Studio has taken the load on, and what it can do for it. */
    sealed interface Acceptance {
        record Pending() implements Acceptance {
        }

        /** {@code cancellable}: a cancel really stops it (websocket); {@code reportsProgress}: else the load timeout applies. */
        record Accepted(boolean cancellable, boolean reportsProgress) implements Acceptance {
        }
    }

    /**
     * {@code value}: the last progress (null before any); {@code lastAt}: when progress last moved (or the load
     * started); {@code lastEventAt}: when a progress event last went out; {@code fullAnnounced}: the 100 % event went out.
     */
    record Progress(Double value, Instant lastAt, Instant lastEventAt, boolean fullAnnounced) {
        static Progress startingAt(Instant at) {
            return new Progress(null, at, null, false);
        }
    }
}
