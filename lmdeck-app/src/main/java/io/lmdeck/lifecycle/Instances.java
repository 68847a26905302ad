package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The instance side of the machine: what is loaded and by whom, the active model, unloads and drains,
 * chat leases, and reconciliation with what LM Studio really reports. Runs only on the owner thread.
 */
final class Instances {
    private static final Duration RETRY_SOON = Duration.ofSeconds(5);

    private final LifecycleMachine machine;
    private final LifecycleState state;

    Instances(LifecycleMachine machine) {
        this.machine = machine;
        this.state = machine.state;
    }

    void unload(Command.Unload command) {
        UnloadRequest request = command.request();
        Cause cause = request.cause() != null ? request.cause() : Cause.API;
        List<TrackedInstance> targets;
        int asks = (request.all() ? 1 : 0) + (request.modelId() != null ? 1 : 0) + (request.instanceId() != null ? 1 : 0);
        if (asks != 1) {
            machine.refuse(command.reply(), new LifecycleException(ErrorCode.INVALID_REQUEST,
                    "Give exactly one of model_id, instance_id or all:true"));
            return;
        }
        if (!state.online) {
            machine.refuse(command.reply(), new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE,
                    "LM Studio is offline (" + machine.settings.baseUrl() + ")", RETRY_SOON));
            return;
        }
        if (request.all()) {
            machine.loads.cancelLoadsOf(null, cause);
            targets = List.copyOf(state.instances.values());
        } else if (request.instanceId() != null) {
            TrackedInstance instance = state.instances.get(request.instanceId());
            if (instance == null) {
                machine.refuse(command.reply(), new LifecycleException(ErrorCode.INSTANCE_NOT_FOUND,
                        "No loaded instance \"" + request.instanceId() + "\""));
                return;
            }
            targets = List.of(instance);
        } else {
            String modelId = request.modelId();
            targets = state.instancesOf(modelId);
            if (targets.isEmpty() && !state.catalogue.containsKey(modelId) && !machine.loads.loading(modelId)) {
                machine.refuse(command.reply(), new LifecycleException(ErrorCode.MODEL_NOT_FOUND,
                        "LM Studio has no model \"" + modelId + "\""));
                return;
            }
            machine.loads.cancelLoadsOf(modelId, cause);
        }
        if (targets.isEmpty()) {
            machine.settle(command.reply(), new UnloadResult(List.of()));
            return;
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        targets.forEach(target -> ids.add(target.id()));
        state.unloadWaiters.add(new LifecycleState.UnloadWaiter(ids, command.reply()));
        // An explicit ask: external instances too, waiting (bounded) for running chats.
        targets.forEach(target -> retire(target, cause));
        machine.loads.startNextIfIdle();
    }

    void unloadDone(Command.UnloadDone command) {
        Cause cause = state.unloading.remove(command.instanceId());
        if (cause == null) {
            return;
        }
        TrackedInstance instance = state.instances.get(command.instanceId());
        boolean cleanup = state.cleanups.remove(command.instanceId());
        Throwable error = command.error();
        boolean alreadyGone = error instanceof LmStudioPortException port
                && port.reason() == LmStudioPortException.Reason.NOT_FOUND;
        if (instance != null && error == null) {
            machine.emit(EventDrafts.unloaded(machine.now(), instance, state.displayName(instance.modelId()), cause));
            remove(instance, cause);
        } else if (instance != null && alreadyGone) {
            // Someone else unloaded it first (another program, or for a leftover the old client's own clean-up).
            if (!cleanup) {
                machine.emit(EventDrafts.unloadedExternally(machine.now(), instance,
                        state.displayName(instance.modelId()), Cause.EXTERNAL));
            }
            remove(instance, Cause.EXTERNAL);
        } else if (instance != null) {
            String name = state.displayName(instance.modelId());
            state.lastError = new LastError("unload_failed", "Could not unload " + name + ": "
                    + (error.getMessage() == null ? "LM Studio refused" : error.getMessage()),
                    instance.modelId(), machine.now());
            settleWaiters(instance.id(), false);
        }
        machine.loads.freeingProgressed();
        machine.loads.startNextIfIdle();
        machine.requestObserve();
    }

    void acquire(Command.AcquireLease command) {
        LifecycleException refusal = leaseRefusal();
        if (refusal != null) {
            machine.refuse(command.reply(), refusal);
            return;
        }
        String instanceId = state.activeInstanceId;
        state.leases.merge(instanceId, 1, Integer::sum);
        machine.grant(command.reply(), new Command.LeaseGrant(state.activeModelId, instanceId));
    }

    void release(String instanceId) {
        int left = state.leasesOn(instanceId) - 1;
        if (left > 0) {
            state.leases.put(instanceId, left);
            return;
        }
        state.leases.remove(instanceId);
        LifecycleState.Drain drain = state.draining.get(instanceId);
        if (drain != null) {
            unloadInstance(instanceId, drain.cause());
        }
    }

    /** Drains that ran out of time: unload anyway (the chats still running will see an error). */
    void checkDrains() {
        Instant now = machine.now();
        new LinkedHashMap<>(state.draining).forEach((instanceId, drain) -> {
            if (!now.isBefore(drain.deadline())) {
                unloadInstance(instanceId, drain.cause());
            }
        });
    }

    void add(LmStudioPort.Instance instance, LoadedBy loadedBy) {
        state.instances.put(instance.instanceId(), new TrackedInstance(instance, loadedBy, machine.now()));
    }

    void activate(String modelId, String instanceId, Cause cause) {
        state.draining.remove(instanceId);
        String previous = state.activeModelId;
        state.activeModelId = modelId;
        state.activeInstanceId = instanceId;
        state.lastLoadFailed = false;
        if (!Objects.equals(previous, modelId)) {
            machine.emit(EventDrafts.activeModelChanged(machine.now(), modelId, state.displayName(modelId),
                    instanceId, previous, cause));
        }
    }

    /** lmdeck's own instances of other models, which a new active model replaces (unless keep_others). */
    List<TrackedInstance> retireCandidates(LoadRequest request) {
        if (request.keepOthers() || !machine.activates(request.modelId())) {
            return List.of();
        }
        return state.instances.values().stream()
                .filter(i -> i.loadedBy() == LoadedBy.LMDECK && !i.modelId().equals(request.modelId()))
                .filter(i -> !state.unloading.containsKey(i.id()))
                .toList();
    }

    void retireOthers(LoadRequest request) {
        retireCandidates(request).forEach(instance -> retire(instance, request.cause()));
    }

    /** Unload now, or once the chats using it finish (bounded by the drain timeout). */
    void retire(TrackedInstance instance, Cause cause) {
        if (state.unloading.containsKey(instance.id())) {
            return;
        }
        if (state.leasesOn(instance.id()) > 0) {
            state.draining.putIfAbsent(instance.id(),
                    new LifecycleState.Drain(machine.now().plus(machine.settings.drainTimeout()), cause));
        } else {
            unloadInstance(instance.id(), cause);
        }
    }

    void unloadInstance(String instanceId, Cause cause) {
        state.draining.remove(instanceId);
        if (state.unloading.putIfAbsent(instanceId, cause) == null) {
            machine.effect(new Effect.Unload(instanceId));
        }
    }

    /** What landed of a load lmdeck gave up on (cancelled, superseded): lmdeck's, unloaded at once. */
    void cleanUp(LmStudioPort.Instance instance) {
        add(instance, LoadedBy.LMDECK);
        state.cleanups.add(instance.instanceId());
        unloadInstance(instance.instanceId(), Cause.SYSTEM);
    }

    /** A stalled load's instance turned up: adopt it if the user still wants it, else unload it. */
    void adoptOrphan(LifecycleState.Orphan orphan, LmStudioPort.Instance instance) {
        add(instance, LoadedBy.LMDECK);
        if (orphan.wanted() && orphan.selectionStamp() == state.selections && state.visibleLoad() == null) {
            if (machine.activates(instance.modelId())) {
                activate(instance.modelId(), instance.instanceId(), Cause.SYSTEM);
                retireOthers(orphan.request());
            }
        } else {
            unloadInstance(instance.instanceId(), Cause.SYSTEM);
        }
    }

    void remove(TrackedInstance instance, Cause cause) {
        state.instances.remove(instance.id());
        state.leases.remove(instance.id());
        state.draining.remove(instance.id());
        if (instance.id().equals(state.activeInstanceId)) {
            TrackedInstance sibling = state.instancesOf(instance.modelId()).stream().findFirst().orElse(null);
            if (sibling != null) {
                state.activeInstanceId = sibling.id();
            } else {
                String previous = state.activeModelId;
                state.activeModelId = null;
                state.activeInstanceId = null;
                machine.emit(EventDrafts.activeModelChanged(machine.now(), null, null, null, previous, cause));
            }
        }
        settleWaiters(instance.id(), true);
        machine.loads.freeingProgressed();
    }

    private void settleWaiters(String instanceId, boolean unloaded) {
        for (LifecycleState.UnloadWaiter waiter : new ArrayList<>(state.unloadWaiters)) {
            if (waiter.remaining.remove(instanceId) && unloaded) {
                waiter.unloaded.add(instanceId);
            }
            if (waiter.remaining.isEmpty()) {
                state.unloadWaiters.remove(waiter);
                machine.settle(waiter.reply, new UnloadResult(waiter.unloaded));
            }
        }
    }

    private LifecycleException leaseRefusal() {
        if (!state.online) {
            return new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline", RETRY_SOON);
        }
        LoadOperation swap = state.visibleLoad();
        if (swap != null && machine.activates(swap.modelId())) {
            return new LifecycleException(ErrorCode.MODEL_UNAVAILABLE, "Switching to "
                    + state.displayName(swap.modelId()) + "…", retryAfter(swap));
        }
        String instanceId = state.activeInstanceId;
        if (instanceId == null) {
            return new LifecycleException(ErrorCode.NO_ACTIVE_MODEL, "No model is active: choose one first",
                    RETRY_SOON);
        }
        if (state.draining.containsKey(instanceId) || state.unloading.containsKey(instanceId)) {
            return new LifecycleException(ErrorCode.MODEL_UNAVAILABLE, state.displayName(state.activeModelId)
                    + " is being unloaded", RETRY_SOON);
        }
        return null;
    }

    private Duration retryAfter(LoadOperation swap) {
        Double eta = swap.etaSeconds(machine.now());
        return eta == null ? RETRY_SOON : Duration.ofSeconds(Math.max(1, (long) Math.ceil(eta)));
    }
}
