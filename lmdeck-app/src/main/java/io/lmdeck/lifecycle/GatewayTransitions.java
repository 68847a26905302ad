package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.CoreState.GatewayEntry;
import io.lmdeck.lifecycle.InstanceUse.Leased;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The gateway's admission (contract §6) as lifecycle state: requests wait in their model's FIFO queue, get one of an
 * instance's {@code parallel} slots (a {@link LeaseHolder#GATEWAY} lease), and cause at most one load per model at a
 * time through the lane, without changing the active model. When two models do not fit together, queued requests
 * are served grouped by model (the instance that is loaded keeps serving its queue), bounded by the fairness:
 * once a request has waited {@code fairness} for a model that must be loaded, later requests for other models wait
 * behind it, so the loaded one drains and the swap happens.
 */
final class GatewayTransitions {
    private static final Duration RETRY_SOON = Duration.ofSeconds(5);

    private GatewayTransitions() {
    }

    static void admit(Draft d, Command.Admit command) {
        GatewayRequest request = command.request();
        if (!d.online) {
            d.refuse(command.requestId(), new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE,
                    "LM Studio is offline (" + d.settings.baseUrl() + ")", RETRY_SOON));
            return;
        }
        if (!d.catalogue.read().containsKey(request.modelId()) && d.instancesOf(request.modelId()).isEmpty()) {
            d.refuse(command.requestId(), new LifecycleException(ErrorCode.MODEL_NOT_FOUND,
                    "LM Studio has no model \"" + request.modelId() + "\""));
            return;
        }
        Instant queuedAt = request.receivedAt() != null ? request.receivedAt() : d.now;
        d.gateway.put(command.requestId(), new GatewayEntry(command.requestId(), request, command.operationId(),
                queuedAt, command.deadline(), null, null, command.load()));
    }

    /** Its client went away or its reply ended: the place in the queue or the slot is free at once. */
    static void withdraw(Draft d, Command.Withdraw command) {
        GatewayEntry entry = d.gateway.remove(command.requestId());
        if (entry != null && entry.running()) {
            InstanceTransitions.release(d, new Command.ReleaseLease(entry.instanceId(), LeaseHolder.GATEWAY));
        }
    }

    /** Every tick: requests that could not start within their wait end as MODEL_UNAVAILABLE. */
    static void expire(Draft d) {
        for (GatewayEntry entry : List.copyOf(d.gateway.read().values())) {
            if (!entry.running() && !d.now.isBefore(entry.deadline())) {
                d.gateway.remove(entry.requestId());
                LoadState load = d.visibleLoad();
                Double eta = load != null && load.op().modelId().equals(entry.modelId()) ? load.etaSeconds(d.now) : null;
                d.refuse(entry.requestId(), new LifecycleException(ErrorCode.MODEL_UNAVAILABLE,
                        d.displayName(entry.modelId()) + " could not start within the gateway's wait",
                        eta == null ? RETRY_SOON : Duration.ofSeconds(Math.max(1, (long) Math.ceil(eta)))));
            }
        }
    }

    /** A load of {@code modelId} failed: every request waiting for that model gets LM Studio's reason. */
    static void loadFailed(Draft d, String modelId, LastError error) {
        String reason = error == null ? "Failed to load " + d.displayName(modelId) : error.message();
        refuse(d, modelId, new LifecycleException(ErrorCode.LOAD_FAILED, reason));
    }

    /**
     * A user unloaded the model ({@code null}: everything) or cancelled its gateway load: what waits for it is
     * answered rather than loading it again.
     */
    static void refuseWaiting(Draft d, String modelId) {
        refuse(d, modelId, new LifecycleException(ErrorCode.MODEL_UNAVAILABLE, (modelId == null ? "The models were"
                : d.displayName(modelId) + " was") + " unloaded or its load cancelled while this request waited",
                RETRY_SOON));
    }

    /** The requests running on an instance that is being unloaded anyway or went away are told why. */
    static void revokeOn(Draft d, String instanceId, String reason) {
        for (GatewayEntry entry : List.copyOf(d.gateway.read().values())) {
            if (instanceId.equals(entry.instanceId())) {
                d.gateway.remove(entry.requestId());
                d.effect(new Effect.Revoke(entry.requestId(), reason));
            }
        }
    }

    static void shutDown(Draft d) {
        for (GatewayEntry entry : List.copyOf(d.gateway.read().values())) {
            if (!entry.running()) {
                d.refuse(entry.requestId(), new LifecycleException(ErrorCode.SHUTTING_DOWN, "lmdeck is shutting down"));
            }
        }
        d.gateway.write().clear();
    }

    /**
     * After every command: hands free slots to the queues (oldest first, unless the fairness holds a request back)
     * and asks for the load the oldest request needs.
     */
    static void dispatch(Draft d) {
        if (d.gateway.read().isEmpty() || !d.online || d.shutDown) {
            return;
        }
        List<GatewayEntry> waiting = d.gateway.read().values().stream().filter(e -> !e.running()).toList();
        GatewayEntry needsLoad = null;
        for (GatewayEntry entry : waiting) {
            if (d.instancesOf(entry.modelId()).isEmpty()) {
                needsLoad = needsLoad == null ? entry : needsLoad;
                continue;
            }
            TrackedInstance free = freeInstance(d, entry);
            if (free != null && !heldBack(d, entry, waiting)) {
                start(d, entry, free);
            }
        }
        if (needsLoad != null && !LoadTransitions.loading(d, needsLoad.modelId()) && mayLoad(d, needsLoad)) {
            requestLoad(d, needsLoad);
        }
    }

    /** An instance of the entry's model that stays and has a free slot (its preset's count), the least busy first. */
    private static TrackedInstance freeInstance(Draft d, GatewayEntry entry) {
        Integer preset = d.policyOf(entry.modelId()).parallel();
        int parallel = preset != null ? preset : d.settings.gatewayParallelDefault();
        return d.instancesOf(entry.modelId()).stream().filter(i -> !i.use().leaving())
                .filter(i -> slots(i) < parallel)
                .min(Comparator.comparingInt(GatewayTransitions::slots)).orElse(null);
    }

    private static int slots(TrackedInstance instance) {
        return instance.use().leases().counts().getOrDefault(LeaseHolder.GATEWAY, 0);
    }

    /**
     * The fairness bound: a request waits behind an older one for another model that must be loaded and has waited
     * {@code fairness} already, so the instances it needs gone drain.
     */
    private static boolean heldBack(Draft d, GatewayEntry entry, List<GatewayEntry> waiting) {
        for (GatewayEntry older : waiting) {
            if (older == entry) {
                return false;
            }
            if (!older.modelId().equals(entry.modelId()) && d.instancesOf(older.modelId()).isEmpty()
                    && overdue(d, older)) {
                return true;
            }
        }
        return false;
    }

    private static boolean overdue(Draft d, GatewayEntry entry) {
        return !d.now.isBefore(entry.queuedAt().plus(d.settings.fairness()));
    }

    /**
     * A load is asked when the lane's queue is free (a user's selection is never replaced), and either it fits
     * beside what is loaded, or nothing it would replace serves gateway requests any more (grouping), or the
     * request is overdue (fairness).
     */
    private static boolean mayLoad(Draft d, GatewayEntry entry) {
        if (d.pending != null) {
            return false;
        }
        String modelId = entry.modelId();
        Long learned = d.estimatedBytes.read().get(LoadState.Op.preparedKey(modelId, null));
        if (LoadAdmission.fits(learned != null ? learned : d.sizeOf(modelId), d) || overdue(d, entry)) {
            return true;
        }
        return d.instances.read().values().stream().noneMatch(i -> i.loadedBy() == LoadedBy.LMDECK
                && !i.modelId().equals(modelId) && !i.id().equals(d.activeInstanceId) && slots(i) > 0);
    }

    private static void requestLoad(Draft d, GatewayEntry entry) {
        String operationId = entry.operationId();
        if (d.finished.read().containsKey(operationId)) { // its first load was cancelled: a fresh id
            operationId = operationId + "_" + d.mutations;
            d.gateway.put(entry.requestId(), entry.withOperationId(operationId));
        }
        d.pending = new LoadState.Queued(new LoadState.Op(operationId, entry.load(), d.now, null, null, entry.request()));
        LoadTransitions.startNextIfIdle(d);
    }

    /**
     * The load a gateway request asks for its model with LM Studio's defaults: it keeps the other models (a gateway
     * load never replaces chat's active model) and its cause is {@code gateway}.
     */
    static LoadRequest bareLoad(String modelId) {
        return new LoadRequest(modelId, null, null, null, true, Cause.GATEWAY);
    }

    private static void start(Draft d, GatewayEntry entry, TrackedInstance instance) {
        d.put(instance.with(new Leased(instance.use().leases().plus(LeaseHolder.GATEWAY)), d.now));
        d.gateway.put(entry.requestId(), entry.running(instance.id(), d.now));
        d.answer(entry.requestId(), new Command.SlotGrant(entry.requestId(), entry.modelId(), instance.id()));
    }

    private static void refuse(Draft d, String modelId, LifecycleException error) {
        for (GatewayEntry entry : List.copyOf(d.gateway.read().values())) {
            if (!entry.running() && (modelId == null || entry.modelId().equals(modelId))) {
                d.gateway.remove(entry.requestId());
                d.refuse(entry.requestId(), error);
            }
        }
    }
}
