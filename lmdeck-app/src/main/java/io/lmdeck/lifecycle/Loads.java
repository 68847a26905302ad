package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The load side of the machine: selection (single flight, newest wins), the lane (one load against LM
 * Studio at a time), progress, completion, failure, cancel and stall. Runs only on the owner thread.
 */
final class Loads {
    private final LifecycleMachine machine;
    private final LifecycleState state;

    Loads(LifecycleMachine machine) {
        this.machine = machine;
        this.state = machine.state;
    }

    void select(Command.Select command) {
        LoadRequest request = command.request();
        LifecycleException refusal = LoadAdmission.refusal(request, state, machine.settings);
        if (refusal != null) {
            machine.refuse(command.reply(), refusal);
            return;
        }
        state.selections++;
        String modelId = request.modelId();
        if (state.current != null && state.current.visible() && state.current.modelId().equals(modelId)) {
            dropPending(request.cause(), modelId);
            machine.settle(command.reply(), state.current.ticket());
            return;
        }
        if (state.pending != null && state.pending.modelId().equals(modelId)) {
            machine.settle(command.reply(), state.pending.ticket());
            return;
        }
        state.failures.remove(modelId);
        TrackedInstance loaded = state.instancesOf(modelId).stream()
                .filter(i -> !state.unloading.containsKey(i.id())).findFirst().orElse(null);
        if (loaded != null) {
            // Already loaded, by anyone: never load it again, it just becomes the active model.
            supersedeAll(request.cause(), modelId);
            if (machine.activates(modelId)) {
                machine.instances.activate(modelId, loaded.id(), request.cause());
                machine.instances.retireOthers(request);
            }
            machine.settle(command.reply(), new LoadTicket(null, modelId, ModelState.LOADED));
            return;
        }
        LoadOperation operation = new LoadOperation(LoadAdmission.newOperationId(), request, machine.now());
        supersedeAll(request.cause(), modelId);
        state.pending = operation;
        startNextIfIdle();
        machine.settle(command.reply(), operation.ticket());
    }

    void cancel(Command.Cancel command) {
        String id = command.operationId();
        LoadOperation operation = state.operation(id);
        if (operation != null) {
            cancelOperation(operation, operation.request.cause(), null);
            startNextIfIdle();
        }
        OperationResult result = state.finished.get(id);
        if (result == null) {
            machine.refuse(command.reply(), LoadAdmission.operationNotFound(id));
        } else {
            machine.settle(command.reply(), result);
        }
    }

    void await(Command.Await command) {
        String id = command.operationId();
        LoadOperation operation = state.operation(id);
        if (operation != null) {
            CompletableFuture<OperationResult> done = new CompletableFuture<>();
            operation.waiters.add(done);
            machine.settle(command.reply(), done);
        } else if (state.finished.containsKey(id)) {
            machine.settle(command.reply(), CompletableFuture.completedFuture(state.finished.get(id)));
        } else {
            machine.refuse(command.reply(), LoadAdmission.operationNotFound(id));
        }
    }

    /** Cancels the queued and running loads of {@code modelId} (all models when null): part of an explicit unload. */
    void cancelLoadsOf(String modelId, Cause cause) {
        for (LoadOperation operation : new LoadOperation[] {state.pending, state.current}) {
            if (operation != null && operation.visible() && (modelId == null || operation.modelId().equals(modelId))) {
                cancelOperation(operation, cause, null);
            }
        }
    }

    boolean loading(String modelId) {
        LoadOperation visible = state.visibleLoad();
        return visible != null && visible.modelId().equals(modelId);
    }

    void startNextIfIdle() {
        if (state.laneFree() && state.pending != null && !state.shutDown) {
            LoadOperation next = state.pending;
            state.pending = null;
            state.current = next;
            if (machine.instances.retireCandidates(next.request).isEmpty()) {
                // Nothing would be unloaded for it: start now with what earlier loads taught (history, estimate)
                // and refine when the preparation answers. Every load pays the preparation's time otherwise.
                long size = sizeOf(next.modelId());
                next.expected = state.typicalDurations.getOrDefault(next.preparedKey(), sizeBasedDuration(size));
                next.estimatedBytes = state.estimatedBytes.getOrDefault(next.preparedKey(), size);
                launch(next);
            } else {
                next.phase = LoadOperation.Phase.PREPARING;
            }
            machine.effect(new Effect.Prepare(next.id, next.modelId(), next.request.contextLength()));
        }
    }

    private Duration sizeBasedDuration(long sizeBytes) {
        return Duration.ofMillis(sizeBytes * 1000 / machine.settings.loadBytesPerSecond());
    }

    void prepared(Command.Prepared command) {
        LoadOperation operation = state.current;
        if (operation == null || !operation.id.equals(command.operationId())) {
            return;
        }
        state.host = command.host();
        command.typicalDuration().ifPresent(duration -> state.typicalDurations.put(operation.preparedKey(), duration));
        command.estimatedBytes().ifPresent(bytes -> state.estimatedBytes.put(operation.preparedKey(), bytes));
        if (operation.phase == LoadOperation.Phase.LOADING) { // started without waiting: refine what it shows
            command.typicalDuration().ifPresent(duration -> operation.expected = duration);
            command.estimatedBytes().ifPresent(bytes -> operation.estimatedBytes = bytes);
            return;
        }
        if (operation.phase != LoadOperation.Phase.PREPARING) {
            return;
        }
        long size = sizeOf(operation.modelId());
        operation.expected = command.typicalDuration().orElse(sizeBasedDuration(size));
        operation.estimatedBytes = command.estimatedBytes().isPresent() ? command.estimatedBytes().getAsLong() : size;
        var victims = machine.instances.retireCandidates(operation.request);
        if (!victims.isEmpty() && !LoadAdmission.fits(operation.estimatedBytes, state, machine.settings)) {
            // Both would not fit: unload lmdeck's older models first (waiting for their chats), then load.
            operation.phase = LoadOperation.Phase.FREEING;
            victims.forEach(victim -> {
                operation.freeing.add(victim.id());
                machine.instances.retire(victim, operation.request.cause());
            });
            freeingProgressed();
        } else {
            launch(operation);
        }
    }

    /** An instance went away or its unload ended: a load waiting for memory may start. */
    void freeingProgressed() {
        LoadOperation operation = state.current;
        if (operation != null && operation.phase == LoadOperation.Phase.FREEING) {
            operation.freeing.removeIf(id -> !state.instances.containsKey(id)
                    || !(state.unloading.containsKey(id) || state.draining.containsKey(id)));
            if (operation.freeing.isEmpty()) {
                launch(operation);
            }
        }
    }

    void accepted(Command.LoadAccepted command) {
        LoadOperation operation = state.current;
        if (operation == null || !operation.id.equals(command.operationId())) {
            return;
        }
        operation.accepted = true;
        operation.cancelSupported = command.cancelSupported();
        operation.reportsProgress = command.reportsProgress();
        if (operation.cancelOnAccept && operation.cancelSupported) {
            machine.effect(new Effect.CancelLoad(operation.id));
        }
    }

    void progress(Command.LoadProgress command) {
        LoadOperation operation = state.current;
        if (operation == null || !operation.id.equals(command.operationId())
                || operation.phase != LoadOperation.Phase.LOADING) {
            return;
        }
        double progress = Math.max(0, Math.min(1, command.progress()));
        if (operation.progress != null && progress <= operation.progress) {
            return;
        }
        Instant now = machine.now();
        operation.progress = progress;
        operation.lastProgressAt = now;
        if (progress >= 1.0) {
            // LM Studio's success follows at once: the 100 % event goes out with the completion, in the same write
            // to the activity log, instead of a write of its own in front of it (see announceFullProgress).
            return;
        }
        boolean due = operation.lastProgressEventAt == null
                || !now.isBefore(operation.lastProgressEventAt.plus(machine.settings.progressInterval()));
        if (operation.visible() && due) {
            emitProgress(operation, now);
        }
    }

    /**
     * The 100 % event: with the completion, or (every tick) alone once LM Studio has sat at 100 % for a progress
     * interval without answering, so a slow finish never looks stuck below 100 %.
     */
    void announceFullProgress(boolean completing) {
        LoadOperation operation = state.current;
        if (operation == null || !operation.visible() || operation.fullProgressAnnounced
                || operation.progress == null || operation.progress < 1.0) {
            return;
        }
        Instant now = machine.now();
        if (completing || !now.isBefore(operation.lastProgressAt.plus(machine.settings.progressInterval()))) {
            emitProgress(operation, now);
        }
    }

    private void emitProgress(LoadOperation operation, Instant now) {
        operation.lastProgressEventAt = now;
        operation.fullProgressAnnounced = operation.progress >= 1.0;
        machine.emit(EventDrafts.progress(now, operation, state.displayName(operation.modelId()), operation.progress,
                operation.etaSeconds(now)));
    }

    void shutdown() {
        for (LoadOperation operation : new LoadOperation[] {state.pending, state.current}) {
            if (operation != null) {
                operation.waiters.forEach(waiter -> machine.refuse(waiter,
                        new LifecycleException(ErrorCode.SHUTTING_DOWN, "lmdeck is shutting down")));
            }
        }
        state.pending = null;
    }

    void launch(LoadOperation operation) {
        Instant now = machine.now();
        operation.phase = LoadOperation.Phase.LOADING;
        operation.startedAt = now;
        operation.lastProgressAt = now;
        operation.instancesBefore = state.instancesOf(operation.modelId()).stream()
                .map(TrackedInstance::id).collect(Collectors.toUnmodifiableSet());
        machine.effect(new Effect.StartLoad(operation.id, operation.spec()));
        machine.emit(EventDrafts.loadingStarted(now, operation, state.displayName(operation.modelId()),
                operation.etaSeconds(now)));
    }

    /** Newest selection wins: whatever was queued or loading for another model is cancelled. */
    private void supersedeAll(Cause cause, String newModelId) {
        dropPending(cause, newModelId);
        if (state.current != null && state.current.visible()) {
            cancelOperation(state.current, cause, newModelId);
        }
    }

    private void dropPending(Cause cause, String newModelId) {
        if (state.pending != null) {
            cancelOperation(state.pending, cause, newModelId);
        }
    }

    private void cancelOperation(LoadOperation operation, Cause cause, String supersededBy) {
        if (operation == state.pending) {
            state.pending = null;
        } else if (operation.phase == LoadOperation.Phase.LOADING) {
            // LM Studio is working on it: the lane stays held until it answers; what lands is unloaded.
            operation.abandoned = true;
            if (!operation.accepted) {
                operation.cancelOnAccept = true;
            } else if (operation.cancelSupported) {
                machine.effect(new Effect.CancelLoad(operation.id));
            }
        } else {
            state.current = null;
        }
        finishCancelled(operation, cause, supersededBy);
    }

    void finishCancelled(LoadOperation operation, Cause cause, String supersededBy) {
        machine.emit(EventDrafts.cancelled(machine.now(), operation,
                state.displayName(operation.modelId()), cause, supersededBy));
        String reason = supersededBy == null ? "Loading " + state.displayName(operation.modelId()) + " was cancelled"
                : "Loading " + state.displayName(operation.modelId()) + " was cancelled: "
                        + state.displayName(supersededBy) + " was chosen";
        finish(operation, OperationOutcome.CANCELLED,
                new LastError("cancelled", reason, operation.modelId(), machine.now()));
    }

    void finish(LoadOperation operation, OperationOutcome outcome, LastError error) {
        OperationResult result = new OperationResult(operation.id, operation.modelId(), outcome, error);
        state.finished.put(operation.id, result);
        operation.waiters.forEach(waiter -> machine.settle(waiter, result));
        operation.waiters.clear();
    }

    private long sizeOf(String modelId) {
        Long size = state.sizeOf(modelId);
        return size == null ? 0 : size;
    }
}
