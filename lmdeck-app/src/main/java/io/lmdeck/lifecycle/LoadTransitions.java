package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.LoadState.CancelRequested;
import io.lmdeck.lifecycle.LoadState.Freeing;
import io.lmdeck.lifecycle.LoadState.Loading;
import io.lmdeck.lifecycle.LoadState.Op;
import io.lmdeck.lifecycle.LoadState.Preparing;
import io.lmdeck.lifecycle.LoadState.Progress;
import io.lmdeck.lifecycle.LoadState.Queued;
import io.lmdeck.lifecycle.LoadState.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a load moves from selection to LM Studio: single flight, newest selection wins, one load in the lane,
 * preparation (estimate, freeing memory first), acceptance, progress and cancel. How it ends is {@link LoadEndings}.
 */
final class LoadTransitions {
    private LoadTransitions() {
    }

    static void select(Draft d, Command.Select command) {
        LoadRequest request = command.request();
        LifecycleException refusal = LoadAdmission.refusal(request, d);
        if (refusal != null) {
            d.refuse(command.requestId(), refusal);
            return;
        }
        d.selections++;
        String modelId = request.modelId();
        LoadState running = d.lane instanceof CancelRequested ? null : d.lane;
        if (running != null && !running.op().gateway() && running.op().modelId().equals(modelId)) {
            dropPending(d, request.cause(), modelId);
            d.answer(command.requestId(), running.op().ticket());
            return;
        }
        if (d.pending != null && !d.pending.op().gateway() && d.pending.op().modelId().equals(modelId)) {
            d.answer(command.requestId(), d.pending.op().ticket());
            return;
        }
        d.failures.remove(modelId);
        TrackedInstance loaded = d.instancesOf(modelId).stream().filter(i -> !i.use().unloading()).findFirst()
                .orElse(null);
        if (loaded != null) {
            // Already loaded, by anyone: never load it again, it just becomes the active model.
            supersedeAll(d, request.cause(), modelId);
            if (d.activates(modelId)) {
                InstanceTransitions.activate(d, modelId, loaded.id(), request.cause());
                InstanceTransitions.retireOthers(d, request);
            }
            d.answer(command.requestId(), new LoadTicket(null, modelId, ModelState.LOADED));
            return;
        }
        Op op = new Op(command.operationId(), request, d.now, null, null);
        supersedeAll(d, request.cause(), modelId);
        d.pending = new Queued(op);
        startNextIfIdle(d);
        d.answer(command.requestId(), op.ticket());
    }

    static void cancel(Draft d, Command.Cancel command) {
        String id = command.operationId();
        LoadState operation = d.operation(id);
        if (operation != null) {
            cancelOperation(d, operation, operation.op().request().cause(), null);
            if (operation.op().gateway()) { // else the requests waiting for it would only ask for it again
                GatewayTransitions.refuseWaiting(d, operation.op().modelId());
            }
            startNextIfIdle(d);
        }
        OperationResult result = d.finished.read().get(id);
        if (result == null) {
            d.refuse(command.requestId(), LoadAdmission.operationNotFound(id));
        } else {
            d.answer(command.requestId(), result);
        }
    }

    static void await(Draft d, Command.Await command) {
        String id = command.operationId();
        if (d.operation(id) != null) {
            List<Long> waiting = new ArrayList<>(d.operationWaiters.read().getOrDefault(id, List.of()));
            waiting.add(command.requestId());
            d.operationWaiters.put(id, List.copyOf(waiting));
        } else if (d.finished.read().containsKey(id)) {
            d.answer(command.requestId(), d.finished.read().get(id));
        } else {
            d.refuse(command.requestId(), LoadAdmission.operationNotFound(id));
        }
    }

    /** Cancels the queued and running loads of {@code modelId} (all models when null): part of an explicit unload. */
    static void cancelLoadsOf(Draft d, String modelId, Cause cause) {
        for (LoadState operation : new LoadState[] {d.pending, d.lane}) {
            if (operation != null && !(operation instanceof CancelRequested)
                    && (modelId == null || operation.op().modelId().equals(modelId))) {
                cancelOperation(d, operation, cause, null);
            }
        }
    }

    static boolean loading(Draft d, String modelId) {
        LoadState visible = d.visibleLoad();
        return visible != null && visible.op().modelId().equals(modelId);
    }

    static void startNextIfIdle(Draft d) {
        if (!d.laneFree() || d.pending == null || d.shutDown) {
            return;
        }
        Op op = d.pending.op();
        d.pending = null;
        if (InstanceTransitions.retireCandidates(d, op.request()).isEmpty()) {
            // Nothing would be unloaded for it: start now with what earlier loads taught (history, estimate)
            // and refine when the preparation answers. Every load pays the preparation's time otherwise.
            long size = d.sizeOf(op.modelId());
            launch(d, op.expecting(d.typicalDurations.read().getOrDefault(op.preparedKey(), sizeBased(d, size)),
                    d.estimatedBytes.read().getOrDefault(op.preparedKey(), size)));
        } else {
            d.lane = new Preparing(op);
        }
        d.effect(new Effect.Prepare(op.id(), op.modelId(), d.typeOf(op.modelId()), op.request().contextLength()));
    }

    static void prepared(Draft d, Command.Prepared command) {
        LoadState lane = d.lane;
        if (lane == null || !lane.op().id().equals(command.operationId())) {
            return;
        }
        d.host = command.host();
        String key = lane.op().preparedKey();
        command.typicalDuration().ifPresent(duration -> d.typicalDurations.put(key, duration));
        command.estimatedBytes().ifPresent(bytes -> d.estimatedBytes.put(key, bytes));
        if (lane instanceof Loading loading) { // started without waiting: refine what it shows
            Op op = loading.op();
            d.lane = new Loading(op.expecting(command.typicalDuration().orElse(op.expected()),
                    command.estimatedBytes().isPresent() ? command.estimatedBytes().getAsLong() : op.estimatedBytes()),
                    loading.run());
            return;
        }
        if (!(lane instanceof Preparing)) {
            return;
        }
        long size = d.sizeOf(lane.op().modelId());
        Op op = lane.op().expecting(command.typicalDuration().orElse(sizeBased(d, size)),
                command.estimatedBytes().isPresent() ? command.estimatedBytes().getAsLong() : size);
        List<TrackedInstance> victims = InstanceTransitions.retireCandidates(d, op.request());
        if (!victims.isEmpty() && !LoadAdmission.fits(op.estimatedBytes(), d)) {
            // Both would not fit: unload lmdeck's older models first (waiting for their leases), then load.
            d.lane = new Freeing(op, victims.stream().map(TrackedInstance::id).collect(Collectors.toSet()));
            victims.forEach(victim -> InstanceTransitions.retire(d, victim, op.request().cause(), op.forRequest()));
            freeingProgressed(d);
        } else {
            launch(d, op);
        }
    }

    /** An instance went away or its unload ended: a load waiting for memory may start. */
    static void freeingProgressed(Draft d) {
        if (d.lane instanceof Freeing freeing) {
            Set<String> left = new LinkedHashSet<>(freeing.waitingFor());
            left.removeIf(id -> d.instance(id) == null || !d.instance(id).use().leaving());
            if (left.isEmpty()) {
                launch(d, freeing.op());
            } else {
                d.lane = new Freeing(freeing.op(), left);
            }
        }
    }

    static void accepted(Draft d, Command.LoadAccepted command) {
        LoadState.Acceptance accepted = new LoadState.Acceptance.Accepted(command.cancelSupported(),
                command.reportsProgress());
        if (d.lane instanceof Loading loading && loading.op().id().equals(command.operationId())) {
            d.lane = new Loading(loading.op(), loading.run().with(accepted));
        } else if (d.lane instanceof CancelRequested cancelled && cancelled.op().id().equals(command.operationId())) {
            // Cancelled before LM Studio took it on: the cancel goes out now, if it can stop it.
            d.lane = new CancelRequested(cancelled.op(), cancelled.run().with(accepted));
            if (command.cancelSupported()) {
                d.effect(new Effect.CancelLoad(cancelled.op().id()));
            }
        }
    }

    static void progress(Draft d, Command.LoadProgress command) {
        Run run = d.lane == null ? null : d.lane.run();
        if (run == null || !d.lane.op().id().equals(command.operationId())) {
            return;
        }
        double value = Math.max(0, Math.min(1, command.progress()));
        Progress before = run.progress();
        if (before.value() != null && value <= before.value()) {
            return;
        }
        Progress now = new Progress(value, d.now, before.lastEventAt(), before.fullAnnounced());
        d.lane = withRun(d.lane, run.with(now));
        // At 100 % LM Studio's success follows at once: that event goes out with the completion, in the same write
        // to the activity log, instead of a write of its own in front of it (see announceFullProgress).
        boolean due = now.lastEventAt() == null
                || !d.now.isBefore(now.lastEventAt().plus(d.settings.progressInterval()));
        if (value < 1.0 && d.lane instanceof Loading loading && due) {
            emitProgress(d, loading);
        }
    }

    /**
     * The 100 % event: with the completion, or (every tick) alone once LM Studio has sat at 100 % for a progress
     * interval without answering, so a slow finish never looks stuck below 100 %.
     */
    static void announceFullProgress(Draft d, boolean completing) {
        if (!(d.lane instanceof Loading loading)) {
            return;
        }
        Progress progress = loading.run().progress();
        if (progress.fullAnnounced() || progress.value() == null || progress.value() < 1.0) {
            return;
        }
        if (completing || !d.now.isBefore(progress.lastAt().plus(d.settings.progressInterval()))) {
            emitProgress(d, loading);
        }
    }

    private static void emitProgress(Draft d, Loading loading) {
        Progress progress = loading.run().progress();
        Run run = loading.run().with(new Progress(progress.value(), progress.lastAt(), d.now, progress.value() >= 1.0));
        d.lane = new Loading(loading.op(), run);
        d.emit(EventDrafts.progress(d.now, loading.op(), d.displayName(loading.op().modelId()), progress.value(),
                run.etaSeconds(d.now, loading.op().expected())));
    }

    static void launch(Draft d, Op op) {
        Set<String> before = d.instancesOf(op.modelId()).stream().map(TrackedInstance::id)
                .collect(Collectors.toUnmodifiableSet());
        Run run = new Run(d.now, before, new LoadState.Acceptance.Pending(), Progress.startingAt(d.now));
        d.lane = new Loading(op, run);
        d.effect(new Effect.StartLoad(op.id(), op.spec(d.typeOf(op.modelId()))));
        d.emit(EventDrafts.loadingStarted(d.now, op, d.displayName(op.modelId()), run.etaSeconds(d.now, op.expected())));
    }

    /**
     * Newest selection wins: whatever was queued or loading for another model is cancelled. A gateway load LM Studio
     * works on is left to finish (its requests wait for it); the selection waits for the lane.
     */
    private static void supersedeAll(Draft d, Cause cause, String newModelId) {
        dropPending(d, cause, newModelId);
        if (d.lane != null && !(d.lane instanceof CancelRequested) && !d.lane.op().gateway()) {
            cancelOperation(d, d.lane, cause, newModelId);
        }
    }

    private static void dropPending(Draft d, Cause cause, String newModelId) {
        if (d.pending != null) {
            cancelOperation(d, d.pending, cause, newModelId);
        }
    }

    private static void cancelOperation(Draft d, LoadState operation, Cause cause, String supersededBy) {
        if (operation instanceof Queued) {
            d.pending = null;
        } else if (operation instanceof Loading loading) {
            // LM Studio is working on it: the lane stays held until it answers; what lands is unloaded.
            d.lane = new CancelRequested(loading.op(), loading.run());
            if (loading.run().cancellable()) {
                d.effect(new Effect.CancelLoad(loading.op().id()));
            }
        } else {
            d.lane = null;
        }
        finishCancelled(d, operation.op(), cause, supersededBy);
    }

    static void finishCancelled(Draft d, Op op, Cause cause, String supersededBy) {
        d.emit(EventDrafts.cancelled(d.now, op, d.displayName(op.modelId()), cause, supersededBy));
        String reason = "Loading " + d.displayName(op.modelId()) + " was cancelled"
                + (supersededBy == null ? "" : ": " + d.displayName(supersededBy) + " was chosen");
        finish(d, op, OperationOutcome.CANCELLED, new LastError("cancelled", reason, op.modelId(), d.now));
    }

    /** The operation ends for its callers: its result is kept and everyone awaiting it is answered. */
    static void finish(Draft d, Op op, OperationOutcome outcome, LastError error) {
        OperationResult result = new OperationResult(op.id(), op.modelId(), outcome, error);
        d.finished.put(op.id(), result);
        List<Long> waiting = d.operationWaiters.remove(op.id());
        if (waiting != null) {
            waiting.forEach(id -> d.answer(id, result));
        }
        if (outcome == OperationOutcome.FAILED) {
            GatewayTransitions.loadFailed(d, op.modelId(), error);
        }
    }

    private static LoadState withRun(LoadState state, Run run) {
        return state instanceof Loading loading ? new Loading(loading.op(), run)
                : new CancelRequested(state.op(), run);
    }

    private static Duration sizeBased(Draft d, long sizeBytes) {
        return Duration.ofMillis(sizeBytes * 1000 / d.settings.loadBytesPerSecond());
    }
}
