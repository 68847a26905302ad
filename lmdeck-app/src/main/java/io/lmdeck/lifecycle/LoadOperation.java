package io.lmdeck.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One load operation. Owned and mutated only by the owner thread (never shared with readers). */
final class LoadOperation {

    enum Phase {
        /** Waiting for the lane (another load or an unload is running). */
        QUEUED,
        /** Waiting for LM Studio's memory estimate, which decides whether older models are unloaded first. */
        PREPARING,
        /** Unloading lmdeck's older models first because both would not fit. */
        FREEING,
        /** Running against LM Studio. */
        LOADING
    }

    final String id;
    final LoadRequest request;
    final Instant createdAt;
    final List<CompletableFuture<OperationResult>> waiters = new ArrayList<>();
    Phase phase = Phase.QUEUED;
    Instant startedAt;
    Instant lastProgressAt;
    Instant lastProgressEventAt;
    Double progress;
    /** A progress event said 100 %: LM Studio's last progress is announced with the completion, or later alone. */
    boolean fullProgressAnnounced;
    Duration expected;
    Long estimatedBytes;
    boolean accepted;
    boolean cancelSupported;
    boolean reportsProgress = true;
    /** Ended for its callers (cancelled or superseded) but still running against LM Studio: holds the lane. */
    boolean abandoned;
    /** A cancel was asked before LM Studio accepted the load; sent once it has. */
    boolean cancelOnAccept;
    Set<String> freeing = new LinkedHashSet<>();
    Set<String> instancesBefore = Set.of();

    LoadOperation(String id, LoadRequest request, Instant createdAt) {
        this.id = id;
        this.request = request;
        this.createdAt = createdAt;
    }

    String modelId() {
        return request.modelId();
    }

    /** Under which earlier preparations of the same model and context length are remembered. */
    String preparedKey() {
        return preparedKey(modelId(), request.contextLength());
    }

    static String preparedKey(String modelId, Integer contextLength) {
        return modelId + "@" + (contextLength == null ? "default" : contextLength);
    }

    /** Shown to users as "the running load" (not abandoned). */
    boolean visible() {
        return !abandoned;
    }

    LoadTicket ticket() {
        return new LoadTicket(id, modelId(), ModelState.LOADING);
    }

    LmStudioPort.LoadSpec spec(ModelType type) {
        return new LmStudioPort.LoadSpec(request.modelId(), request.contextLength(), request.gpuOffload(),
                request.ttlSeconds(), type);
    }

    /** Remaining seconds: measured progress rate once there is some, else the expected duration minus elapsed. */
    Double etaSeconds(Instant now) {
        Instant from = startedAt != null ? startedAt : now;
        double elapsed = Math.max(0, Duration.between(from, now).toMillis() / 1000.0);
        double remaining;
        if (progress != null && progress >= 0.1 && elapsed > 0) {
            remaining = elapsed * (1 - progress) / progress;
        } else if (expected != null) {
            remaining = Math.max(0, expected.toMillis() / 1000.0 - elapsed);
        } else {
            return null;
        }
        return Math.round(remaining * 10) / 10.0;
    }
}
