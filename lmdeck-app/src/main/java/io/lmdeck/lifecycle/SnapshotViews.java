package io.lmdeck.lifecycle;

import java.time.Instant;
import java.util.List;

/** Builds the immutable views readers get from the core state (on the owner's turn). */
final class SnapshotViews {
    private SnapshotViews() {
    }

    /** What readers see; swapped as a whole after every command. {@code version} counts the swaps. */
    record Snapshot(long version, LmStudioStatus status, Catalog catalog, List<GatewayRequestView> requests) {
    }

    static Snapshot build(long version, CoreState state, LifecycleSettings settings, Instant now) {
        boolean online = state.link().online();
        List<ModelView> models = state.catalogue().values().stream()
                .map(model -> model(model, state, settings, now)).toList();
        Catalog catalog = new Catalog(online, !online, models);
        ModelView active = state.activeModelId() == null ? null : models.stream()
                .filter(model -> model.modelId().equals(state.activeModelId())).findFirst().orElse(null);
        LoadState visible = state.visibleLoad();
        LoadingView loading = visible == null ? null : loading(visible, now);
        Long estimated = visible == null ? null : visible.op().estimatedBytes();
        long loadedBytes = state.loadedBytes();
        Command.HostMemorySample host = state.link().host();
        MemoryView memory = new MemoryView(loadedBytes, estimated, host.totalBytes(),
                CoreState.availableBytes(host, settings.memoryBudgetBytes(), loadedBytes));
        LmStudioStatus status = new LmStudioStatus(online, serviceStatus(state, visible), settings.baseUrl(),
                state.link().version(), online ? state.link().transport() : null, active, instances(state, settings, null),
                loading, memory, state.failures().last(), state.link().checkedAt());
        return new Snapshot(version, status, catalog, requests(state));
    }

    /** The gateway's requests, oldest first; {@code position}: 1 for the next in its model's queue. */
    static List<GatewayRequestView> requests(CoreState state) {
        if (state.gateway().isEmpty()) {
            return List.of();
        }
        java.util.Map<String, Integer> positions = new java.util.HashMap<>();
        LoadState visible = state.visibleLoad();
        return state.gateway().values().stream().map(entry -> {
            GatewayRequest request = entry.request();
            if (entry.running()) {
                return new GatewayRequestView(request.requestId(), entry.modelId(), "default", request.endpoint(),
                        "running", null, entry.queuedAt(), entry.startedAt(), request.client());
            }
            boolean loading = visible != null && visible.op().modelId().equals(entry.modelId());
            int position = positions.merge(entry.modelId(), 1, Integer::sum);
            return new GatewayRequestView(request.requestId(), entry.modelId(), "default", request.endpoint(),
                    loading ? "loading" : "queued", position, entry.queuedAt(), null, request.client());
        }).toList();
    }

    static LoadingView loading(LoadState load, Instant now) {
        LoadState.Run run = load.run();
        Double progress = run != null && run.reportsProgress() ? run.progress().value() : null;
        Instant started = run != null ? run.startedAt() : load.op().createdAt();
        return new LoadingView(load.op().modelId(), load.op().id(), progress, load.etaSeconds(now),
                started);
    }

    private static ServiceStatus serviceStatus(CoreState state, LoadState visible) {
        if (!state.link().online()) {
            return ServiceStatus.OFFLINE;
        }
        if (visible != null) {
            return ServiceStatus.LOADING;
        }
        if (state.activeModelId() != null) {
            return ServiceStatus.READY;
        }
        return state.failures().lastLoadFailed() ? ServiceStatus.ERROR : ServiceStatus.IDLE;
    }

    private static ModelView model(LmStudioPort.Model model, CoreState state, LifecycleSettings settings, Instant now) {
        String id = model.modelId();
        List<InstanceView> instances = instances(state, settings, id);
        LoadState visible = state.visibleLoad();
        boolean loading = visible != null && visible.op().modelId().equals(id);
        ModelState modelState;
        Double progress = null;
        if (state.instances().values().stream().anyMatch(i -> i.modelId().equals(id) && i.use().leaving())) {
            modelState = ModelState.UNLOADING;
        } else if (loading) {
            modelState = ModelState.LOADING;
            progress = loading(visible, now).progress();
        } else if (!instances.isEmpty()) {
            modelState = ModelState.LOADED;
        } else if (state.failures().byModel().containsKey(id)) {
            modelState = ModelState.FAILED;
        } else {
            modelState = ModelState.NOT_LOADED;
        }
        return new ModelView(model.withDisplayName(state.displayName(id)), modelState, progress, instances);
    }

    /** Instances of one model, or all when {@code modelId} is null. */
    private static List<InstanceView> instances(CoreState state, LifecycleSettings settings, String modelId) {
        return state.instances().values().stream()
                .filter(instance -> modelId == null || instance.modelId().equals(modelId))
                .map(instance -> view(instance, state, settings))
                .toList();
    }

    private static InstanceView view(TrackedInstance instance, CoreState state, LifecycleSettings settings) {
        ModelPolicy policy = state.policyOf(instance.modelId());
        return new InstanceView(instance.id(), instance.modelId(), instance.instance().contextLength(),
                instance.loadedBy(), instance.loadedAt(), state.sizeOf(instance.modelId()), instance.lastUse(),
                policy.pinned(), TtlTransitions.ttlSeconds(instance, policy, settings),
                TtlTransitions.expiresAt(instance, policy, settings));
    }
}
