package io.lmdeck.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle's whole state, immutable: every command turns one into the next ({@link Transition#apply}).
 * Readers get views built from it ({@link SnapshotViews}).
 *
 * @param link           what lmdeck knows of LM Studio itself
 * @param catalogue      LM Studio's downloaded models, by model id
 * @param instances      the loaded instances lmdeck knows, by instance id, each with what it is doing
 * @param lane           the load holding the lane (at most one load runs against LM Studio), or null
 * @param pending        the newest selection, waiting for the lane, or null
 * @param finished       results of recent operations (for cancel and await after the fact)
 * @param orphans        loads given up on (stalled) whose late instance lmdeck still adopts or unloads, by operation id
 * @param cancelledLoads loads lmdeck cancelled that LM Studio may still land, by model id
 * @param selections     counts selections, so a late result knows whether the user chose something else since
 * @param gateway        the gateway's requests, queued and running, in arrival order, by request id
 * @param policies       each model's pin, TTL and slots from its preset, by model id (absent: {@link ModelPolicy#NONE})
 */
record CoreState(
        Link link,
        Map<String, LmStudioPort.Model> catalogue,
        Map<String, TrackedInstance> instances,
        String activeModelId,
        String activeInstanceId,
        LoadState lane,
        LoadState.Queued pending,
        Waiters waiters,
        Failures failures,
        Map<String, OperationResult> finished,
        Learned learned,
        Map<String, Orphan> orphans,
        Map<String, CancelledLoad> cancelledLoads,
        long selections,
        Observing observing,
        boolean shutDown,
        Map<Long, GatewayEntry> gateway,
        Map<String, ModelPolicy> policies) {

    static final int FINISHED_KEPT = 500;

    static CoreState initial() {
        return new CoreState(new Link(false, false, false, null, null, null, Command.HostMemorySample.UNKNOWN),
                Map.of(), Map.of(), null, null, null, null, new Waiters(Map.of(), List.of()),
                new Failures(Map.of(), null, false), Map.of(), new Learned(Map.of(), Map.of()), Map.of(), Map.of(),
                0, new Observing(false, false, 0), false, Map.of(), Map.of());
    }

    /** LM Studio's reachability and identity. {@code checkedAt} is null until the first look ended. */
    record Link(boolean online, boolean observedOnce, boolean offlineAnnounced, String version, String transport,
                Instant checkedAt, Command.HostMemorySample host) {
    }

    /** Requests answered later: awaits by operation id, explicit unloads until their instances are gone. */
    record Waiters(Map<String, List<Long>> byOperation, List<UnloadWaiter> unloads) {
    }

    /** An explicit unload request waiting until its {@code remaining} instances are gone. */
    record UnloadWaiter(long requestId, Set<String> remaining, List<String> unloaded) {
    }

    /** The last failure per model, the last error overall, and whether the last load failed. */
    record Failures(Map<String, LastError> byModel, LastError last, boolean lastLoadFailed) {
    }

    /**
     * What earlier preparations found per model and context length ({@link LoadState.Op#preparedKey}): a load that
     * need not wait for its preparation starts with these (its ETA and memory estimate), refined after.
     */
    record Learned(Map<String, Duration> typicalDurations, Map<String, Long> estimatedBytes) {
    }

    /**
     * One observation in flight at a time ({@code again}: asked meanwhile, folded into one more). {@code mutations}
     * counts lmdeck's own changes to LM Studio (a load or unload starting or ending, a cancel): an observation
     * carries the count from when it was asked, and if it moved meanwhile, the answer may predate lmdeck's own change
     * and is discarded rather than read as another program's doing.
     */
    record Observing(boolean inFlight, boolean again, long mutations) {
    }

    /** {@code wanted}: the user still wanted this load when it stalled (it was not cancelled or superseded). */
    record Orphan(LoadRequest request, Set<String> instancesBefore, long selectionStamp, boolean wanted) {
    }

    /**
     * {@code instancesBefore}: that model's instances when the cancelled load started (those are not leftovers);
     * {@code until}: how long a leftover is expected.
     */
    record CancelledLoad(String operationId, Set<String> instancesBefore, Instant until) {
    }

    /**
     * One gateway request (contract §6), from admission until its slot is closed. {@code requestId}: the id its
     * caller waits under; {@code operationId}: the id a load asked for it gets; {@code deadline}: when it gives up
     * waiting; {@code instanceId}/{@code startedAt}: its slot once running (null while it waits); {@code load}: the
     * load to ask when its model is not loaded (the model's preset applied). Its slots per instance are the model's
     * {@link ModelPolicy#parallel}, read when a slot is handed out, so a preset's change applies at once.
     */
    record GatewayEntry(long requestId, GatewayRequest request, String operationId, Instant queuedAt,
                        Instant deadline, String instanceId, Instant startedAt, LoadRequest load) {
        boolean running() {
            return instanceId != null;
        }

        String modelId() {
            return request.modelId();
        }

        GatewayEntry running(String instance, Instant at) {
            return new GatewayEntry(requestId, request, operationId, queuedAt, deadline, instance, at, load);
        }

        GatewayEntry withOperationId(String id) {
            return new GatewayEntry(requestId, request, id, queuedAt, deadline, instanceId, startedAt, load);
        }
    }

    ModelPolicy policyOf(String modelId) {
        return policies.getOrDefault(modelId, ModelPolicy.NONE);
    }

    /** The load users see as running or queued: the lane's unless cancelled, else the pending one. */
    LoadState visibleLoad() {
        return visibleLoad(lane, pending);
    }

    static LoadState visibleLoad(LoadState lane, LoadState.Queued pending) {
        return lane != null && !(lane instanceof LoadState.CancelRequested) ? lane : pending;
    }

    String displayName(String modelId) {
        return displayName(catalogue, modelId);
    }

    static String displayName(Map<String, LmStudioPort.Model> catalogue, String modelId) {
        LmStudioPort.Model model = catalogue.get(modelId);
        return model == null || model.displayName() == null || model.displayName().isBlank()
                ? modelId : model.displayName();
    }

    Long sizeOf(String modelId) {
        return sizeOf(catalogue, modelId);
    }

    static Long sizeOf(Map<String, LmStudioPort.Model> catalogue, String modelId) {
        LmStudioPort.Model model = catalogue.get(modelId);
        return model == null ? null : model.sizeBytes();
    }

    /**
     * What the loaded instances take: LM Studio's estimate for the model when lmdeck has one, else its size. One
     * memory model for the swap decision and the figures users see ({@link #availableBytes}).
     */
    static long loadedBytes(Collection<TrackedInstance> instances, Map<String, LmStudioPort.Model> catalogue,
                            Map<String, Long> estimatedBytes) {
        return instances.stream().mapToLong(i -> {
            Long estimate = estimatedBytes.get(LoadState.Op.preparedKey(i.modelId(), null));
            Long size = estimate != null ? estimate : sizeOf(catalogue, i.modelId());
            return size == null ? 0 : size;
        }).sum();
    }

    long loadedBytes() {
        return loadedBytes(instances.values(), catalogue, learned.estimatedBytes());
    }

    /**
     * What the host reports free, capped by what a budget (configured, or a memory of known size whose free part
     * cannot be read, such as the simulator's) leaves after the loaded instances. Null when unknown.
     */
    static Long availableBytes(Command.HostMemorySample host, Long configuredBudget, long loadedBytes) {
        Long available = host.availableBytes();
        Long budget = configuredBudget;
        if (budget == null && available == null) {
            budget = host.totalBytes();
        }
        if (budget != null) {
            long left = Math.max(0, budget - loadedBytes);
            available = available == null ? left : Math.min(available, left);
        }
        return available;
    }
}
