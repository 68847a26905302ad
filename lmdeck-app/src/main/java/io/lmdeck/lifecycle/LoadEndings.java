package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.LoadState.CancelRequested;
import io.lmdeck.lifecycle.LoadState.Loading;
import io.lmdeck.lifecycle.LoadState.Op;
import io.lmdeck.lifecycle.LoadState.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * How loads end: LM Studio's answer (success, failure, cancel), arriving in time, late, twice or after a cancel; or
 * lmdeck's stall limit, after which LM Studio's real state decides (adopt what finished, unload what lands unwanted).
 * Every such policy lives here, in the lifecycle: the client only reports and does what it is told.
 */
final class LoadEndings {
    private LoadEndings() {
    }

    static void succeeded(Draft d, Command.LoadSucceeded command) {
        LoadState lane = d.lane;
        LmStudioPort.Instance instance = command.instance();
        if (lane == null || !lane.op().id().equals(command.operationId())) {
            landedLate(d, command.operationId(), instance);
            return;
        }
        if (lane instanceof Loading) {
            LoadTransitions.announceFullProgress(d, true);
        }
        Op op = d.lane.op();
        Run run = d.lane.run();
        d.lane = null;
        if (!(lane instanceof CancelRequested)) {
            complete(d, op, instance, run != null ? run.startedAt() : op.createdAt());
            if (op.gateway() && d.pending != null && d.pending.op().modelId().equals(op.modelId())) {
                // A user chose the model the gateway was loading: the instance serves that selection too.
                Op chosen = d.pending.op();
                d.pending = null;
                complete(d, chosen, instance, chosen.createdAt());
            }
        } else if (d.pending != null && d.pending.op().modelId().equals(op.modelId())) {
            // Cancelled, then chosen again before it landed: the landed instance serves the new selection.
            Op reselected = d.pending.op();
            d.pending = null;
            complete(d, reselected, instance, reselected.createdAt());
        } else {
            InstanceTransitions.cleanUp(d, instance);
        }
        LoadTransitions.startNextIfIdle(d);
        d.requestObserve();
    }

    /** A success for a load no longer in the lane: a stalled one to adopt or unload, a cancelled one to unload. */
    private static void landedLate(Draft d, String operationId, LmStudioPort.Instance instance) {
        CoreState.Orphan orphan = d.orphans.remove(operationId);
        boolean known = d.instance(instance.instanceId()) != null;
        if (known) {
            return; // already handled (a look saw it first, or LM Studio said it twice)
        }
        if (orphan != null) {
            InstanceTransitions.adoptOrphan(d, orphan, instance);
        } else if (d.cancelledLoads.read().values().stream().anyMatch(c -> c.operationId().equals(operationId))) {
            d.cancelledLoads.write().values().removeIf(c -> c.operationId().equals(operationId));
            InstanceTransitions.cleanUp(d, instance);
        }
    }

    static void failed(Draft d, Command.LoadFailed command) {
        LoadState lane = d.lane;
        if (lane == null || !lane.op().id().equals(command.operationId())) {
            d.orphans.remove(command.operationId());
            return;
        }
        d.lane = null;
        Op op = lane.op();
        Throwable error = command.error();
        LmStudioPortException.Reason reason = error instanceof LmStudioPortException port
                ? port.reason() : LmStudioPortException.Reason.FAILED;
        boolean cancelled = lane instanceof CancelRequested;
        if (cancelled || reason == LmStudioPortException.Reason.CANCELLED) {
            // LM Studio may still land it: what lands is lmdeck's leftover, unloaded by lmdeck (see Reconciliation).
            Run run = lane.run();
            d.cancelledLoads.put(op.modelId(), new CoreState.CancelledLoad(op.id(),
                    run == null ? Set.of() : run.instancesBefore(), d.now.plus(d.settings.stallLimit())));
        }
        if (!cancelled) {
            String detail = error == null || error.getMessage() == null ? "LM Studio could not load it"
                    : error.getMessage();
            switch (reason) {
                case CANCELLED -> LoadTransitions.finishCancelled(d, op, Cause.SYSTEM, null);
                case INSUFFICIENT_MEMORY -> {
                    Long needs = ((LmStudioPortException) error).requiredBytes();
                    Long required = needs != null ? needs : op.estimatedBytes();
                    fail(d, op, "insufficient_memory", "not enough memory"
                            + (required == null ? "" : " (needs " + EventDrafts.gigabytes(required) + ")"), required);
                }
                case OFFLINE -> fail(d, op, "lmstudio_offline", "LM Studio is offline", null);
                case NOT_FOUND -> fail(d, op, "model_not_found", "LM Studio does not have this model", null);
                default -> fail(d, op, "load_failed", detail, null);
            }
        }
        LoadTransitions.startNextIfIdle(d);
        d.requestObserve();
    }

    /** Once a second: a load that makes no progress for the stall limit fails, then LM Studio's truth decides. */
    static void checkStall(Draft d) {
        LoadState lane = d.lane;
        Run run = lane == null ? null : lane.run();
        if (run == null) {
            return;
        }
        Duration limit = run.reportsProgress() ? d.settings.stallLimit() : d.settings.loadTimeout();
        if (d.now.isBefore(run.progress().lastAt().plus(limit))) {
            return;
        }
        d.lane = null;
        if (run.cancellable()) {
            d.effect(new Effect.CancelLoad(lane.op().id()));
        }
        boolean wanted = lane instanceof Loading;
        d.orphans.put(lane.op().id(), new CoreState.Orphan(lane.op().request(), run.instancesBefore(), d.selections,
                wanted));
        if (wanted) {
            fail(d, lane.op(), "stalled", "no progress for " + limit.toSeconds() + " s", null);
        }
        LoadTransitions.startNextIfIdle(d);
        d.requestObserve();
    }

    private static void complete(Draft d, Op op, LmStudioPort.Instance instance, Instant from) {
        d.put(new TrackedInstance(instance, LoadedBy.LMDECK, d.now, new InstanceUse.Idle()));
        d.emit(EventDrafts.complete(d.now, op, d.displayName(op.modelId()), Duration.between(from, d.now), instance,
                CoreState.sizeOf(d.catalogue.read(), op.modelId())));
        d.lastLoadFailed = false;
        LoadTransitions.finish(d, op, OperationOutcome.COMPLETED, null);
        if (d.activates(op.modelId()) && !op.gateway()) {
            InstanceTransitions.activate(d, op.modelId(), instance.instanceId(), op.request().cause());
            InstanceTransitions.retireOthers(d, op.request());
        }
    }

    private static void fail(Draft d, Op op, String code, String reason, Long requiredBytes) {
        String name = d.displayName(op.modelId());
        d.emit(EventDrafts.failed(d.now, op, name, code, reason, requiredBytes));
        LastError error = new LastError(code, "Failed to load " + name + ": " + reason, op.modelId(), d.now);
        d.lastError = error;
        d.failures.put(op.modelId(), error);
        d.lastLoadFailed = true;
        LoadTransitions.finish(d, op, OperationOutcome.FAILED, error);
    }
}
