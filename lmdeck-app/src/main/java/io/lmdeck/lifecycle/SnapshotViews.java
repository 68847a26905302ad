package io.lmdeck.lifecycle;

import java.time.Instant;
import java.util.List;

/** Builds the immutable views readers get from the owner's state (on the owner thread). */
final class SnapshotViews {
    private SnapshotViews() {
    }

    /** What readers see; swapped as a whole after every command. {@code version} counts the swaps. */
    record Snapshot(long version, LmStudioStatus status, Catalog catalog) {
    }

    static Snapshot build(long version, LifecycleState state, LifecycleSettings settings, Instant now) {
        List<ModelView> models = state.catalogue.values().stream().map(model -> model(model, state, now)).toList();
        Catalog catalog = new Catalog(state.online, !state.online, models);
        ModelView active = state.activeModelId == null ? null : models.stream()
                .filter(model -> model.modelId().equals(state.activeModelId)).findFirst().orElse(null);
        LoadOperation visible = state.visibleLoad();
        LoadingView loading = visible == null ? null : loading(visible, now);
        Long estimated = visible == null ? null : visible.estimatedBytes;
        MemoryView memory = new MemoryView(state.loadedBytes(), estimated, state.host.totalBytes(),
                LoadAdmission.availableBytes(state, settings));
        LmStudioStatus status = new LmStudioStatus(state.online, serviceStatus(state, visible), settings.baseUrl(),
                state.version, state.online ? state.transport : null, active, instances(state, null), loading, memory,
                state.lastError, state.checkedAt);
        return new Snapshot(version, status, catalog);
    }

    static LoadingView loading(LoadOperation operation, Instant now) {
        Double progress = operation.reportsProgress ? operation.progress : null;
        Instant started = operation.startedAt != null ? operation.startedAt : operation.createdAt;
        return new LoadingView(operation.modelId(), operation.id, progress, operation.etaSeconds(now), started);
    }

    private static ServiceStatus serviceStatus(LifecycleState state, LoadOperation visible) {
        if (!state.online) {
            return ServiceStatus.OFFLINE;
        }
        if (visible != null) {
            return ServiceStatus.LOADING;
        }
        if (state.activeModelId != null) {
            return ServiceStatus.READY;
        }
        return state.lastLoadFailed ? ServiceStatus.ERROR : ServiceStatus.IDLE;
    }

    private static ModelView model(LmStudioPort.Model model, LifecycleState state, Instant now) {
        String id = model.modelId();
        List<InstanceView> instances = instances(state, id);
        LoadOperation visible = state.visibleLoad();
        boolean loading = visible != null && visible.modelId().equals(id);
        ModelState modelState;
        Double progress = null;
        if (instances.stream().anyMatch(i -> state.unloading.containsKey(i.instanceId())
                || state.draining.containsKey(i.instanceId()))) {
            modelState = ModelState.UNLOADING;
        } else if (loading) {
            modelState = ModelState.LOADING;
            progress = loading(visible, now).progress();
        } else if (!instances.isEmpty()) {
            modelState = ModelState.LOADED;
        } else if (state.failures.containsKey(id)) {
            modelState = ModelState.FAILED;
        } else {
            modelState = ModelState.NOT_LOADED;
        }
        return new ModelView(id, state.displayName(id), model.type(), model.publisher(), model.architecture(),
                model.quantization(), model.params(), model.sizeBytes(), model.maxContextLength(), model.format(),
                model.vision(), model.toolUse(), modelState, progress, instances);
    }

    /** Instances of one model, or all when {@code modelId} is null. */
    private static List<InstanceView> instances(LifecycleState state, String modelId) {
        return state.instances.values().stream()
                .filter(instance -> modelId == null || instance.modelId().equals(modelId))
                .map(instance -> new InstanceView(instance.id(), instance.modelId(),
                        instance.instance().contextLength(), instance.loadedBy(), instance.loadedAt(),
                        state.sizeOf(instance.modelId())))
                .toList();
    }
}
