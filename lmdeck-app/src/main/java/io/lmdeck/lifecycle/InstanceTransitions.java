package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.InstanceUse.CleaningUp;
import io.lmdeck.lifecycle.InstanceUse.Draining;
import io.lmdeck.lifecycle.InstanceUse.Idle;
import io.lmdeck.lifecycle.InstanceUse.Leased;
import io.lmdeck.lifecycle.InstanceUse.Leases;
import io.lmdeck.lifecycle.InstanceUse.Unloading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How instances move: the active model, leases, retiring (drain, then unload), unloads ending and the answers
 * waiting for them ({@link UnloadTransitions} takes a user's unload), and cleaning up what lands of loads lmdeck gave up on.
 */
final class InstanceTransitions {
    static final Duration RETRY_SOON = Duration.ofSeconds(5);

    private InstanceTransitions() {
    }

    static void unloadDone(Draft d, Command.UnloadDone command) {
        TrackedInstance instance = d.instance(command.instanceId());
        if (instance == null || !instance.use().unloading()) {
            return;
        }
        Cause cause = instance.use() instanceof Unloading unloading ? unloading.cause() : Cause.SYSTEM;
        GatewayRequest forRequest = instance.use() instanceof Unloading unloading ? unloading.forRequest() : null;
        Throwable error = command.error();
        boolean alreadyGone = error instanceof LmStudioPortException port
                && port.reason() == LmStudioPortException.Reason.NOT_FOUND;
        String name = d.displayName(instance.modelId());
        if (error == null) {
            d.emit(EventDrafts.unloaded(d.now, instance, name, cause, forRequest));
            remove(d, instance, cause);
        } else if (alreadyGone) {
            // Someone else unloaded it first: another program, or (for a leftover) an older client's own clean-up.
            if (!(instance.use() instanceof CleaningUp)) {
                d.emit(EventDrafts.unloadedExternally(d.now, instance, name, Cause.EXTERNAL));
            }
            remove(d, instance, Cause.EXTERNAL);
        } else {
            // Counted as used now: an idle TTL that asked for it tries again after another TTL, not every tick.
            d.put(instance.with(new Idle(), d.now));
            d.lastError = new LastError("unload_failed", "Could not unload " + name + ": "
                    + (error.getMessage() == null ? "LM Studio refused" : error.getMessage()), instance.modelId(), d.now);
            settleWaiters(d, instance.id(), false);
        }
        LoadTransitions.freeingProgressed(d);
        LoadTransitions.startNextIfIdle(d);
        d.requestObserve();
    }

    static void acquire(Draft d, Command.AcquireLease command) {
        LifecycleException refusal = leaseRefusal(d);
        if (refusal != null) {
            d.refuse(command.requestId(), refusal);
            return;
        }
        TrackedInstance instance = d.instance(d.activeInstanceId);
        d.put(instance.with(new Leased(instance.use().leases().plus(command.holder())), d.now));
        d.answer(command.requestId(), new Command.LeaseGrant(d.activeModelId, instance.id(), command.holder()));
    }

    static void release(Draft d, Command.ReleaseLease command) {
        TrackedInstance instance = d.instance(command.instanceId());
        if (instance == null) {
            return;
        }
        Leases left = instance.use().leases().minus(command.holder());
        if (instance.use() instanceof Leased) {
            d.put(instance.with(left.total() > 0 ? new Leased(left) : new Idle(), d.now));
        } else if (instance.use() instanceof Draining draining) {
            if (left.total() > 0) {
                d.put(instance.with(new Draining(left, draining.deadline(), draining.cause(), draining.forRequest()),
                        d.now));
            } else {
                unloadInstance(d, instance.id(), draining.cause(), draining.forRequest());
            }
        }
    }

    /** Drains that ran out of time: unload anyway (the leases still running will see an error). */
    static void checkDrains(Draft d) {
        for (TrackedInstance instance : List.copyOf(d.instances.read().values())) {
            if (instance.use() instanceof Draining draining && !d.now.isBefore(draining.deadline())) {
                GatewayTransitions.revokeOn(d, instance.id(), "lmdeck unloads " + d.displayName(instance.modelId())
                        + ": its drain timeout ran out while this request was still running");
                unloadInstance(d, instance.id(), draining.cause(), draining.forRequest());
            }
        }
    }

    static void activate(Draft d, String modelId, String instanceId, Cause cause) {
        TrackedInstance instance = d.instance(instanceId);
        if (instance != null && instance.use() instanceof Draining draining) { // wanted again: stays
            Leases leases = draining.leases();
            d.put(instance.with(leases.total() > 0 ? new Leased(leases) : new Idle()));
        }
        String previous = d.activeModelId;
        d.activeModelId = modelId;
        d.activeInstanceId = instanceId;
        d.lastLoadFailed = false;
        if (!Objects.equals(previous, modelId)) {
            d.emit(EventDrafts.activeModelChanged(d.now, modelId, d.displayName(modelId), instanceId, previous, cause));
        }
    }

    /**
     * lmdeck's own instances of other models, which a new active model replaces (unless keep_others). A gateway load
     * replaces only what does not fit with it, never the active model (see {@link LoadTransitions#prepared}).
     */
    static List<TrackedInstance> retireCandidates(Draft d, LoadRequest request) {
        if (request.cause() == Cause.GATEWAY) {
            return d.instances.read().values().stream()
                    .filter(i -> i.loadedBy() == LoadedBy.LMDECK && !i.modelId().equals(request.modelId()))
                    .filter(i -> !i.use().unloading() && !i.id().equals(d.activeInstanceId))
                    .toList();
        }
        if (request.keepOthers() || !d.activates(request.modelId())) {
            return List.of();
        }
        return d.instances.read().values().stream()
                .filter(i -> i.loadedBy() == LoadedBy.LMDECK && !i.modelId().equals(request.modelId()))
                .filter(i -> !i.use().unloading())
                .toList();
    }

    static void retireOthers(Draft d, LoadRequest request) {
        retireCandidates(d, request).forEach(instance -> retire(d, instance, request.cause()));
    }

    /** Unload now, or once its leases end (bounded by the drain timeout). */
    static void retire(Draft d, TrackedInstance instance, Cause cause) {
        retire(d, instance, cause, null);
    }

    /** {@code forRequest}: the gateway request whose load needs the room (named in the unload's event), else null. */
    static void retire(Draft d, TrackedInstance instance, Cause cause, GatewayRequest forRequest) {
        InstanceUse use = instance.use();
        if (use.unloading() || use instanceof Draining) {
            return;
        }
        if (use.leases().total() > 0) {
            // Gateway requests get their own (longer) bound: an agent's long generation is not a chat's reply.
            boolean gateway = use.leases().counts().containsKey(LeaseHolder.GATEWAY);
            Duration bound = gateway ? d.settings.gatewayDrainTimeout() : d.settings.drainTimeout();
            d.put(instance.with(new Draining(use.leases(), d.now.plus(bound), cause, forRequest)));
        } else {
            unloadInstance(d, instance.id(), cause, forRequest);
        }
    }

    static void unloadInstance(Draft d, String instanceId, Cause cause) {
        unloadInstance(d, instanceId, cause, null);
    }

    static void unloadInstance(Draft d, String instanceId, Cause cause, GatewayRequest forRequest) {
        TrackedInstance instance = d.instance(instanceId);
        if (instance != null && !instance.use().unloading()) {
            d.put(instance.with(new Unloading(cause, forRequest)));
            d.effect(new Effect.Unload(instanceId));
        }
    }

    /** What landed of a load lmdeck gave up on (cancelled, superseded): lmdeck's, unloaded at once. */
    static void cleanUp(Draft d, LmStudioPort.Instance instance) {
        TrackedInstance known = d.instance(instance.instanceId());
        if (known != null && known.use().unloading()) {
            return;
        }
        d.put(new TrackedInstance(instance, LoadedBy.LMDECK, d.now, new CleaningUp()));
        d.effect(new Effect.Unload(instance.instanceId()));
    }

    /** A stalled load's instance turned up: adopt it if the user still wants it, else unload it. */
    static void adoptOrphan(Draft d, CoreState.Orphan orphan, LmStudioPort.Instance instance) {
        d.put(new TrackedInstance(instance, LoadedBy.LMDECK, d.now, new Idle()));
        if (orphan.wanted() && orphan.selectionStamp() == d.selections && d.visibleLoad() == null) {
            if (d.activates(instance.modelId())) {
                activate(d, instance.modelId(), instance.instanceId(), Cause.SYSTEM);
                retireOthers(d, orphan.request());
            }
        } else {
            unloadInstance(d, instance.instanceId(), Cause.SYSTEM);
        }
    }

    static void remove(Draft d, TrackedInstance instance, Cause cause) {
        d.instances.remove(instance.id());
        if (instance.id().equals(d.activeInstanceId)) {
            TrackedInstance sibling = d.instancesOf(instance.modelId()).stream().findFirst().orElse(null);
            if (sibling != null) {
                d.activeInstanceId = sibling.id();
            } else {
                String previous = d.activeModelId;
                d.activeModelId = null;
                d.activeInstanceId = null;
                d.emit(EventDrafts.activeModelChanged(d.now, null, null, null, previous, cause));
            }
        }
        settleWaiters(d, instance.id(), true);
        GatewayTransitions.revokeOn(d, instance.id(), d.displayName(instance.modelId()) + " was unloaded");
        LoadTransitions.freeingProgressed(d);
    }

    private static void settleWaiters(Draft d, String instanceId, boolean unloaded) {
        List<CoreState.UnloadWaiter> still = new ArrayList<>();
        for (CoreState.UnloadWaiter waiter : d.unloadWaiters) {
            if (!waiter.remaining().contains(instanceId)) {
                still.add(waiter);
                continue;
            }
            Set<String> remaining = new LinkedHashSet<>(waiter.remaining());
            remaining.remove(instanceId);
            List<String> done = new ArrayList<>(waiter.unloaded());
            if (unloaded) {
                done.add(instanceId);
            }
            if (remaining.isEmpty()) {
                d.answer(waiter.requestId(), new UnloadResult(List.copyOf(done)));
            } else {
                still.add(new CoreState.UnloadWaiter(waiter.requestId(), Set.copyOf(remaining), List.copyOf(done)));
            }
        }
        d.unloadWaiters = still;
    }

    private static LifecycleException leaseRefusal(Draft d) {
        if (!d.online) {
            return new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline", RETRY_SOON);
        }
        LoadState swap = d.visibleLoad();
        if (swap != null && !swap.op().gateway() && d.activates(swap.op().modelId())) {
            Double eta = swap.etaSeconds(d.now);
            return new LifecycleException(ErrorCode.MODEL_UNAVAILABLE, "Switching to "
                    + d.displayName(swap.op().modelId()) + "…",
                    eta == null ? RETRY_SOON : Duration.ofSeconds(Math.max(1, (long) Math.ceil(eta))));
        }
        TrackedInstance active = d.activeInstanceId == null ? null : d.instance(d.activeInstanceId);
        if (active == null) {
            return new LifecycleException(ErrorCode.NO_ACTIVE_MODEL, "No model is active: choose one first",
                    RETRY_SOON);
        }
        if (active.use().leaving()) {
            return new LifecycleException(ErrorCode.MODEL_UNAVAILABLE, d.displayName(d.activeModelId)
                    + " is being unloaded", RETRY_SOON);
        }
        return null;
    }
}
