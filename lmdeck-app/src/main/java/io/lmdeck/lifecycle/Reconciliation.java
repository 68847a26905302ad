package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each look at LM Studio into lmdeck's state, reporting what other programs (the LM Studio app, {@code lms},
 * JIT, idle TTL) loaded or unloaded, and LM Studio going offline or online. At start it rebuilds the state, with
 * what the activity log recalls, and ends the loads the log left open.
 */
final class Reconciliation {
    private Reconciliation() {
    }

    static void observed(Draft d, Command.Observed command) {
        LmStudioPort.Observation observation = command.observation();
        boolean startup = !d.observedOnce;
        boolean cameOnline = !d.online;
        d.online = true;
        d.offlineAnnounced = false;
        d.version = observation.server().version();
        d.transport = observation.server().transport();
        d.checkedAt = d.now;
        d.host = command.host();
        Map<String, LmStudioPort.Instance> seen = new LinkedHashMap<>();
        Map<String, LmStudioPort.Model> catalogue = d.catalogue.write();
        catalogue.clear();
        for (LmStudioPort.Model model : observation.models()) {
            catalogue.putIfAbsent(model.modelId(), model);
            model.instances().forEach(instance -> seen.put(instance.instanceId(), instance));
        }
        if (cameOnline) {
            d.emit(EventDrafts.online(d.now, startup ? Cause.STARTUP : Cause.SYSTEM, d.version, d.transport));
        }
        // Only observations asked after lmdeck's last own change get here (Transition discards older ones).
        for (LmStudioPort.Instance instance : seen.values()) {
            noticeAppeared(d, instance, startup, command.recalled());
        }
        d.cancelledLoads.write().values().removeIf(cancelled -> !d.now.isBefore(cancelled.until()));
        for (TrackedInstance known : List.copyOf(d.instances.read().values())) {
            if (!seen.containsKey(known.id()) && !known.use().unloading()) {
                Cause cause = unloadCause(d, known);
                d.emit(EventDrafts.unloadedExternally(d.now, known, d.displayName(known.modelId()), cause));
                InstanceTransitions.remove(d, known, cause);
            }
        }
        if (startup) {
            d.observedOnce = true;
            d.effect(new Effect.RecallHistory(List.copyOf(d.catalogue.read().keySet())));
            chooseActiveAtStartup(d, command.recalled());
            endInterruptedLoads(d, command.recalled());
        }
    }

    static void observeFailed(Draft d, Command.ObserveFailed command) {
        d.checkedAt = d.now;
        if (d.online || !d.offlineAnnounced) {
            String reason = command.error() == null || command.error().getMessage() == null
                    ? "not reachable" : command.error().getMessage();
            d.emit(EventDrafts.offline(d.now, reason));
        }
        d.online = false;
        d.offlineAnnounced = true;
    }

    private static void noticeAppeared(Draft d, LmStudioPort.Instance instance, boolean startup,
                                       OwnershipHistory.Recalled recalled) {
        TrackedInstance known = d.instance(instance.instanceId());
        if (known != null) {
            d.put(known.withInstance(instance));
            return;
        }
        LoadState.Run running = d.lane == null ? null : d.lane.run();
        if (running != null && d.lane.op().modelId().equals(instance.modelId())) {
            return; // most likely lmdeck's own load landing; its result will say
        }
        for (var entry : List.copyOf(d.orphans.read().entrySet())) {
            CoreState.Orphan orphan = entry.getValue();
            if (orphan.request().modelId().equals(instance.modelId())
                    && !orphan.instancesBefore().contains(instance.instanceId())) {
                d.orphans.remove(entry.getKey());
                InstanceTransitions.adoptOrphan(d, orphan, instance);
                return;
            }
        }
        CoreState.CancelledLoad cancelled = d.cancelledLoads.read().get(instance.modelId());
        if (cancelled != null && !cancelled.instancesBefore().contains(instance.instanceId())) {
            // What landed of a load lmdeck cancelled: never wanted, so lmdeck unloads it (not another program's).
            d.cancelledLoads.remove(instance.modelId());
            InstanceTransitions.cleanUp(d, instance);
            return;
        }
        if (startup && recalled.loadedByLmdeck().contains(instance.instanceId())) {
            // lmdeck loaded it before a restart: still lmdeck's to replace on a swap.
            d.put(new TrackedInstance(instance, LoadedBy.LMDECK, d.now, new InstanceUse.Idle()));
            String interrupted = recalled.interruptedLoads().get(instance.instanceId());
            if (interrupted != null) {
                d.emit(EventDrafts.finishedWhileAway(d.now, interrupted, instance, d.displayName(instance.modelId()),
                        CoreState.sizeOf(d.catalogue.read(), instance.modelId())));
            }
            return;
        }
        d.put(new TrackedInstance(instance, LoadedBy.EXTERNAL, d.now, new InstanceUse.Idle()));
        if (!startup) {
            d.emit(EventDrafts.loadedExternally(d.now, instance, d.displayName(instance.modelId())));
        }
    }

    /**
     * Every load the log left open ends: adopted above when its instance is there, else failed as interrupted; either
     * way its result is known to a later cancel or await of that operation id.
     */
    private static void endInterruptedLoads(Draft d, OwnershipHistory.Recalled recalled) {
        recalled.openLoads().forEach((operationId, modelId) -> {
            if (recalled.interruptedLoads().containsValue(operationId)) {
                d.finished.put(operationId, new OperationResult(operationId, modelId, OperationOutcome.COMPLETED, null));
            } else {
                d.emit(EventDrafts.interrupted(d.now, operationId, modelId, d.displayName(modelId)));
                d.finished.put(operationId, new OperationResult(operationId, modelId, OperationOutcome.FAILED,
                        new LastError("interrupted", "Loading " + d.displayName(modelId)
                                + " was interrupted: lmdeck stopped during the load", modelId, d.now)));
            }
        });
    }

    /** TTL when LM Studio reported one and the instance was idle that long, else another program. */
    private static Cause unloadCause(Draft d, TrackedInstance known) {
        Long ttlMs = known.instance().ttlMs();
        if (ttlMs == null) {
            return Cause.EXTERNAL;
        }
        Instant lastUsed = known.instance().lastUsedAt() != null ? known.instance().lastUsedAt() : known.loadedAt();
        Instant expiry = lastUsed.plusMillis(ttlMs).minus(d.settings.pollInterval());
        return d.now.isBefore(expiry) ? Cause.EXTERNAL : Cause.TTL;
    }

    /** The chat model lmdeck last made active if it is still loaded (that very instance if listed), else the first. */
    private static void chooseActiveAtStartup(Draft d, OwnershipHistory.Recalled recalled) {
        if (d.activeModelId != null) {
            return;
        }
        Comparator<TrackedInstance> preferred = Comparator
                .comparing((TrackedInstance instance) -> !instance.id().equals(recalled.activeInstanceId()))
                .thenComparing(instance -> !instance.modelId().equals(recalled.activeModelId()));
        d.instances.read().values().stream()
                .filter(instance -> d.activates(instance.modelId()))
                .min(preferred)
                .ifPresent(instance -> InstanceTransitions.activate(d, instance.modelId(), instance.id(),
                        Cause.STARTUP));
    }
}
