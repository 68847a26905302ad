package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciliation: turns each look at LM Studio into lmdeck's state, reporting what other programs (the LM Studio
 * app, {@code lms}, JIT, idle TTL) loaded or unloaded, and LM Studio going offline or online. Owner thread only.
 */
final class Reconciler {
    private final LifecycleMachine machine;
    private final LifecycleState state;

    Reconciler(LifecycleMachine machine) {
        this.machine = machine;
        this.state = machine.state;
    }

    void observed(Command.Observed command) {
        LmStudioPort.Observation observation = command.observation();
        boolean startup = !state.observedOnce;
        boolean cameOnline = !state.online;
        state.online = true;
        state.offlineAnnounced = false;
        state.version = observation.server().version();
        state.transport = observation.server().transport();
        state.checkedAt = machine.now();
        state.host = command.host();
        Map<String, LmStudioPort.Instance> seen = new LinkedHashMap<>();
        state.catalogue.clear();
        for (LmStudioPort.Model model : observation.models()) {
            state.catalogue.putIfAbsent(model.modelId(), model);
            model.instances().forEach(instance -> seen.put(instance.instanceId(), instance));
        }
        if (cameOnline) {
            machine.emit(EventDrafts.online(machine.now(), startup ? Cause.STARTUP : Cause.SYSTEM,
                    state.version, state.transport));
        }
        // Only observations asked after lmdeck's last own change get here (LifecycleMachine discards older ones).
        for (LmStudioPort.Instance instance : seen.values()) {
            noticeAppeared(instance, startup, command.recalled());
        }
        forgetCancelledLoads();
        for (TrackedInstance known : List.copyOf(state.instances.values())) {
            if (!seen.containsKey(known.id()) && !state.unloading.containsKey(known.id())) {
                Cause cause = unloadCause(known);
                machine.emit(EventDrafts.unloadedExternally(machine.now(), known,
                        state.displayName(known.modelId()), cause));
                machine.instances.remove(known, cause);
            }
        }
        if (startup) {
            state.observedOnce = true;
            machine.effect(new Effect.RecallHistory(List.copyOf(state.catalogue.keySet())));
            chooseActiveAtStartup(command.recalled());
            endInterruptedLoads(command.recalled());
        }
    }

    void observeFailed(Command.ObserveFailed command) {
        state.checkedAt = machine.now();
        if (state.online || !state.offlineAnnounced) {
            String reason = command.error() == null || command.error().getMessage() == null
                    ? "not reachable" : command.error().getMessage();
            machine.emit(EventDrafts.offline(machine.now(), reason));
        }
        state.online = false;
        state.offlineAnnounced = true;
    }

    private void noticeAppeared(LmStudioPort.Instance instance, boolean startup, OwnershipHistory.Recalled recalled) {
        TrackedInstance known = state.instances.get(instance.instanceId());
        if (known != null) {
            state.instances.put(known.id(), known.withInstance(instance));
            return;
        }
        LoadOperation current = state.current;
        if (current != null && current.phase == LoadOperation.Phase.LOADING
                && current.modelId().equals(instance.modelId())) {
            return; // most likely our own load landing; its result will say
        }
        for (var entry : List.copyOf(state.orphans.entrySet())) {
            LifecycleState.Orphan orphan = entry.getValue();
            if (orphan.request().modelId().equals(instance.modelId())
                    && !orphan.instancesBefore().contains(instance.instanceId())) {
                state.orphans.remove(entry.getKey());
                machine.instances.adoptOrphan(orphan, instance);
                return;
            }
        }
        if (cancelledLeftover(instance)) {
            return;
        }
        if (startup && recalled.loadedByLmdeck().contains(instance.instanceId())) {
            // lmdeck loaded it before a restart: still lmdeck's to replace on a swap.
            machine.instances.add(instance, LoadedBy.LMDECK);
            String interrupted = recalled.interruptedLoads().get(instance.instanceId());
            if (interrupted != null) {
                machine.emit(EventDrafts.finishedWhileAway(machine.now(), interrupted, instance,
                        state.displayName(instance.modelId()), state.sizeOf(instance.modelId())));
            }
            return;
        }
        machine.instances.add(instance, LoadedBy.EXTERNAL);
        if (!startup) {
            machine.emit(EventDrafts.loadedExternally(machine.now(), instance, state.displayName(instance.modelId())));
        }
    }

    /** {@code instance} is what landed of a load lmdeck cancelled: lmdeck unloads it (it was never wanted). */
    private boolean cancelledLeftover(LmStudioPort.Instance instance) {
        LifecycleState.CancelledLoad cancelled = state.cancelledLoads.get(instance.modelId());
        if (cancelled == null || cancelled.instancesBefore().contains(instance.instanceId())) {
            return false;
        }
        state.cancelledLoads.remove(instance.modelId());
        machine.instances.cleanUp(instance);
        return true;
    }

    /** A cancel stops mattering once its time is up. */
    private void forgetCancelledLoads() {
        state.cancelledLoads.values().removeIf(cancelled -> !machine.now().isBefore(cancelled.until()));
    }

    /** Every load the log left open ends: adopted above when its instance is there, else failed as interrupted. */
    private void endInterruptedLoads(OwnershipHistory.Recalled recalled) {
        recalled.openLoads().forEach((operationId, modelId) -> {
            if (!recalled.interruptedLoads().containsValue(operationId)) {
                machine.emit(EventDrafts.interrupted(machine.now(), operationId, modelId, state.displayName(modelId)));
            }
        });
    }

    /** TTL when LM Studio reported one and the instance was idle that long, else another program. */
    private Cause unloadCause(TrackedInstance known) {
        Long ttlMs = known.instance().ttlMs();
        if (ttlMs == null) {
            return Cause.EXTERNAL;
        }
        Instant lastUsed = known.instance().lastUsedAt() != null ? known.instance().lastUsedAt() : known.loadedAt();
        Instant expiry = lastUsed.plusMillis(ttlMs).minus(machine.settings.pollInterval());
        return machine.now().isBefore(expiry) ? Cause.EXTERNAL : Cause.TTL;
    }

    /** The chat model lmdeck last made active if it is still loaded (that very instance if listed), else the first. */
    private void chooseActiveAtStartup(OwnershipHistory.Recalled recalled) {
        if (state.activeModelId != null) {
            return;
        }
        Comparator<TrackedInstance> preferred = Comparator
                .comparing((TrackedInstance instance) -> !instance.id().equals(recalled.activeInstanceId()))
                .thenComparing(instance -> !instance.modelId().equals(recalled.activeModelId()));
        state.instances.values().stream()
                .filter(instance -> machine.activates(instance.modelId()))
                .min(preferred)
                .ifPresent(instance -> machine.instances.activate(instance.modelId(), instance.id(), Cause.STARTUP));
    }
}
