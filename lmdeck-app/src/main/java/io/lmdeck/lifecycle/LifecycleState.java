package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The owner's working state. Only the owner thread touches it; readers get immutable snapshots built
 * from it ({@link SnapshotViews}) after every command.
 */
final class LifecycleState {
    private static final int FINISHED_KEPT = 500;

    boolean online;
    boolean observedOnce;
    boolean shutDown;
    String version;
    String transport;
    Instant checkedAt;
    Command.HostMemorySample host = new Command.HostMemorySample(null, null);

    final Map<String, LmStudioPort.Model> catalogue = new LinkedHashMap<>();
    final Map<String, TrackedInstance> instances = new LinkedHashMap<>();
    String activeModelId;
    String activeInstanceId;

    /** The load holding the lane (at most one load runs against LM Studio). */
    LoadOperation current;
    /** The newest selection, waiting for the lane. */
    LoadOperation pending;

    final Map<String, Integer> leases = new HashMap<>();
    /** lmdeck wants these unloaded but chats hold them: unload at zero leases or at the deadline. */
    final Map<String, Drain> draining = new LinkedHashMap<>();
    /** Unloads in flight, with the cause to report. */
    final Map<String, Cause> unloading = new LinkedHashMap<>();
    final List<UnloadWaiter> unloadWaiters = new ArrayList<>();

    final Map<String, LastError> failures = new HashMap<>();
    /**
     * What earlier preparations found per model and context length ({@link LoadOperation#preparedKey}): a load
     * that need not wait for its preparation starts with these (its ETA and memory estimate), refined after.
     */
    final Map<String, Duration> typicalDurations = new HashMap<>();
    final Map<String, Long> estimatedBytes = new HashMap<>();
    LastError lastError;
    boolean lastLoadFailed;

    final Map<String, OperationResult> finished = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OperationResult> eldest) {
            return size() > FINISHED_KEPT;
        }
    };
    /**
     * Loads given up on (stalled) whose late result is still handled: a new instance of that model
     * (seen by an observation or reported late by LM Studio) is ours to adopt or to unload.
     */
    final Map<String, Orphan> orphans = new LinkedHashMap<>();
    /** Counts selections, so a late result knows whether the user chose something else since. */
    long selections;
    boolean offlineAnnounced;

    boolean observing;
    boolean observeAgain;
    /**
     * Counts lmdeck's own mutations of LM Studio (a load or unload starting or ending, a cancel). An observation
     * carries the count from when it was asked; if the count moved meanwhile, the answer may predate lmdeck's own
     * change and is discarded rather than read as another program's doing.
     */
    long mutations;
    /**
     * Models whose load lmdeck cancelled, by model id: LM Studio may still land a late instance, which is lmdeck's
     * leftover: lmdeck unloads it itself (never announced as another program's).
     */
    final Map<String, CancelledLoad> cancelledLoads = new HashMap<>();
    /** Leftovers of loads lmdeck gave up on, being unloaded: already gone (someone cleaned up first) is fine. */
    final Set<String> cleanups = new java.util.HashSet<>();

    record Drain(Instant deadline, Cause cause) {
    }

    /**
     * {@code instancesBefore}: that model's instances when the cancelled load started (those are not leftovers);
     * {@code until}: how long a leftover is expected.
     */
    record CancelledLoad(String operationId, Set<String> instancesBefore, Instant until) {
    }

    /** {@code wanted}: the user still wanted this load when it stalled (it was not cancelled or superseded). */
    record Orphan(LoadRequest request, Set<String> instancesBefore, long selectionStamp, boolean wanted) {
    }

    /** An explicit unload request waiting until its instances are gone. */
    static final class UnloadWaiter {
        final Set<String> remaining;
        final List<String> unloaded = new ArrayList<>();
        final CompletableFuture<UnloadResult> reply;

        UnloadWaiter(Set<String> remaining, CompletableFuture<UnloadResult> reply) {
            this.remaining = remaining;
            this.reply = reply;
        }
    }

    List<TrackedInstance> instancesOf(String modelId) {
        return instances.values().stream().filter(i -> i.modelId().equals(modelId)).toList();
    }

    String displayName(String modelId) {
        LmStudioPort.Model model = catalogue.get(modelId);
        return model == null || model.displayName() == null || model.displayName().isBlank()
                ? modelId : model.displayName();
    }

    /** The model's type from the catalogue (LLM when unknown). */
    ModelType typeOf(String modelId) {
        LmStudioPort.Model model = catalogue.get(modelId);
        return model == null || model.type() == null ? ModelType.LLM : model.type();
    }

    Long sizeOf(String modelId) {
        LmStudioPort.Model model = catalogue.get(modelId);
        return model == null ? null : model.sizeBytes();
    }

    /** What the loaded instances take: LM Studio's estimate for the model when lmdeck has one, else its size. */
    long loadedBytes() {
        return instances.values().stream().mapToLong(i -> {
            Long estimate = estimatedBytes.get(LoadOperation.preparedKey(i.modelId(), null));
            Long size = estimate != null ? estimate : sizeOf(i.modelId());
            return size == null ? 0 : size;
        }).sum();
    }

    /** The load users see as running or queued: the current one unless abandoned, else the pending one. */
    LoadOperation visibleLoad() {
        if (current != null && current.visible()) {
            return current;
        }
        return pending;
    }

    LoadOperation operation(String id) {
        if (current != null && current.id.equals(id) && current.visible()) {
            return current;
        }
        return pending != null && pending.id.equals(id) ? pending : null;
    }

    boolean laneFree() {
        return current == null && unloading.isEmpty();
    }

    int leasesOn(String instanceId) {
        return leases.getOrDefault(instanceId, 0);
    }
}
