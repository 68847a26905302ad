package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.time.Instant;

/**
 * How loads end: LM Studio's answer (success, failure, cancel) or lmdeck's stall limit, after which
 * LM Studio's real state decides (adopt what finished, unload what lands unwanted). Owner thread only.
 */
final class LoadOutcomes {
    private final LifecycleMachine machine;
    private final LifecycleState state;

    LoadOutcomes(LifecycleMachine machine) {
        this.machine = machine;
        this.state = machine.state;
    }

    void succeeded(Command.LoadSucceeded command) {
        LoadOperation operation = state.current;
        LmStudioPort.Instance instance = command.instance();
        if (operation == null || !operation.id.equals(command.operationId())) {
            LifecycleState.Orphan orphan = state.orphans.remove(command.operationId());
            boolean known = state.instances.containsKey(instance.instanceId());
            if (orphan != null && !known) {
                machine.instances.adoptOrphan(orphan, instance);
            } else if (!known && state.cancelledLoads.values()
                    .removeIf(cancelled -> cancelled.operationId().equals(command.operationId()))) {
                machine.instances.cleanUp(instance); // a cancelled load landed after all
            }
            return;
        }
        if (!operation.abandoned) {
            machine.loads.announceFullProgress(true);
        }
        state.current = null;
        if (!operation.abandoned) {
            complete(operation, instance);
        } else if (state.pending != null && state.pending.modelId().equals(operation.modelId())) {
            // Cancelled, then chosen again before it landed: the landed instance serves the new selection.
            LoadOperation reselected = state.pending;
            state.pending = null;
            complete(reselected, instance);
        } else {
            machine.instances.cleanUp(instance);
        }
        machine.loads.startNextIfIdle();
        machine.requestObserve();
    }

    void failed(Command.LoadFailed command) {
        LoadOperation operation = state.current;
        if (operation == null || !operation.id.equals(command.operationId())) {
            state.orphans.remove(command.operationId());
            return;
        }
        state.current = null;
        Throwable error = command.error();
        LmStudioPortException.Reason reason = error instanceof LmStudioPortException port
                ? port.reason() : LmStudioPortException.Reason.FAILED;
        if (operation.abandoned || reason == LmStudioPortException.Reason.CANCELLED) {
            // The client settles a cancel before LM Studio stops, and unloads what still lands itself.
            // LM Studio may still land it: what lands is lmdeck's leftover, unloaded by lmdeck (see Reconciler).
            state.cancelledLoads.put(operation.modelId(), new LifecycleState.CancelledLoad(operation.id,
                    operation.instancesBefore, machine.now().plus(machine.settings.stallLimit())));
        }
        if (!operation.abandoned) {
            String detail = error == null || error.getMessage() == null ? "LM Studio could not load it"
                    : error.getMessage();
            switch (reason) {
                case CANCELLED -> machine.loads.finishCancelled(operation, Cause.SYSTEM, null);
                case INSUFFICIENT_MEMORY -> {
                    Long needs = ((LmStudioPortException) error).requiredBytes();
                    Long required = needs != null ? needs : operation.estimatedBytes;
                    fail(operation, "insufficient_memory", "not enough memory"
                            + (required == null ? "" : " (needs " + EventDrafts.gigabytes(required) + ")"), required);
                }
                case OFFLINE -> fail(operation, "lmstudio_offline", "LM Studio is offline", null);
                case NOT_FOUND -> fail(operation, "model_not_found", "LM Studio does not have this model", null);
                default -> fail(operation, "load_failed", detail, null);
            }
        }
        machine.loads.startNextIfIdle();
        machine.requestObserve();
    }

    /** Once a second: a load that makes no progress for the stall limit fails, then LM Studio's truth decides. */
    void checkStall() {
        LoadOperation operation = state.current;
        if (operation == null || operation.phase != LoadOperation.Phase.LOADING) {
            return;
        }
        Duration limit = operation.reportsProgress ? machine.settings.stallLimit() : machine.settings.loadTimeout();
        if (machine.now().isBefore(operation.lastProgressAt.plus(limit))) {
            return;
        }
        state.current = null;
        if (operation.accepted && operation.cancelSupported) {
            machine.effect(new Effect.CancelLoad(operation.id));
        }
        state.orphans.put(operation.id, new LifecycleState.Orphan(operation.request, operation.instancesBefore,
                state.selections, operation.visible()));
        if (operation.visible()) {
            fail(operation, "stalled", "no progress for " + limit.toSeconds() + " s", null);
        }
        machine.loads.startNextIfIdle();
        machine.requestObserve();
    }

    private void complete(LoadOperation operation, LmStudioPort.Instance instance) {
        Instant now = machine.now();
        Instant from = operation.startedAt != null ? operation.startedAt : operation.createdAt;
        machine.instances.add(instance, LoadedBy.LMDECK);
        machine.emit(EventDrafts.complete(now, operation, state.displayName(operation.modelId()),
                Duration.between(from, now), instance, state.sizeOf(operation.modelId())));
        state.lastLoadFailed = false;
        machine.loads.finish(operation, OperationOutcome.COMPLETED, null);
        if (machine.activates(operation.modelId())) {
            machine.instances.activate(operation.modelId(), instance.instanceId(), operation.request.cause());
            machine.instances.retireOthers(operation.request);
        }
    }

    private void fail(LoadOperation operation, String code, String reason, Long requiredBytes) {
        String name = state.displayName(operation.modelId());
        machine.emit(EventDrafts.failed(machine.now(), operation, name, code, reason, requiredBytes));
        LastError error = new LastError(code, "Failed to load " + name + ": " + reason, operation.modelId(),
                machine.now());
        state.lastError = error;
        state.failures.put(operation.modelId(), error);
        state.lastLoadFailed = true;
        machine.loads.finish(operation, OperationOutcome.FAILED, error);
    }
}
