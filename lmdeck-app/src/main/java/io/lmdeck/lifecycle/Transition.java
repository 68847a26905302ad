package io.lmdeck.lifecycle;

import io.lmdeck.events.LifecycleEvent;
import java.time.Instant;
import java.util.List;

/**
 * The decision core: {@code (state, command) → (state, effects, events, replies)}. It does no I/O, never blocks
 * and never sees a thread or a future, so tests drive it with plain values. The shell ({@link LifecycleOwner})
 * keeps the state, starts the effects, publishes the events and gives the replies.
 */
final class Transition {
    private Transition() {
    }

    /**
     * What one command produced. {@code viewsUnchanged}: nothing readers see can have changed (a lease was granted,
     * refused or returned), so the shell need not rebuild the snapshot.
     */
    record Step(CoreState state, List<Effect> effects, List<LifecycleEvent> events, List<Reply> replies,
                boolean viewsUnchanged) {
    }

    /** The one dispatch over every {@link Command}. */
    static Step apply(CoreState state, Command command, Instant now, LifecycleSettings settings) {
        Draft d = new Draft(state, now, settings);
        if (d.shutDown) {
            if (command instanceof Command.Request request) {
                d.refuse(request.requestId(), shuttingDown());
            }
        } else if (command instanceof Command.Select select) {
            LoadTransitions.select(d, select);
        } else if (command instanceof Command.Unload unload) {
            UnloadTransitions.unload(d, unload);
        } else if (command instanceof Command.Cancel cancel) {
            LoadTransitions.cancel(d, cancel);
        } else if (command instanceof Command.Await await) {
            LoadTransitions.await(d, await);
        } else if (command instanceof Command.AcquireLease acquire) {
            InstanceTransitions.acquire(d, acquire);
        } else if (command instanceof Command.ReleaseLease release) {
            InstanceTransitions.release(d, release);
        } else if (command instanceof Command.Admit admit) {
            GatewayTransitions.admit(d, admit);
        } else if (command instanceof Command.Withdraw withdraw) {
            GatewayTransitions.withdraw(d, withdraw);
        } else if (command instanceof Command.PoliciesChanged changed) {
            TtlTransitions.policiesChanged(d, changed);
        } else if (command instanceof Command.Prepared prepared) {
            LoadTransitions.prepared(d, prepared);
        } else if (command instanceof Command.HistoryRecalled recalled) {
            recalled.typicalDurations().forEach((modelId, duration) ->
                    d.typicalDurations.write().putIfAbsent(LoadState.Op.preparedKey(modelId, null), duration));
        } else if (command instanceof Command.LoadAccepted accepted) {
            LoadTransitions.accepted(d, accepted);
        } else if (command instanceof Command.LoadProgress progress) {
            LoadTransitions.progress(d, progress);
        } else if (command instanceof Command.LoadSucceeded succeeded) {
            d.mutations++;
            LoadEndings.succeeded(d, succeeded);
        } else if (command instanceof Command.LoadFailed failed) {
            d.mutations++;
            LoadEndings.failed(d, failed);
        } else if (command instanceof Command.UnloadDone done) {
            d.mutations++;
            InstanceTransitions.unloadDone(d, done);
        } else if (command instanceof Command.Observed observed) {
            d.observationEnded();
            if (observed.epoch() < d.mutations) {
                // Asked before lmdeck's own change, so it may show the old state: never diffed, read afresh instead.
                if (!d.observing) {
                    d.requestObserve();
                }
            } else {
                Reconciliation.observed(d, observed);
            }
        } else if (command instanceof Command.ObserveFailed failed) {
            d.observationEnded();
            Reconciliation.observeFailed(d, failed);
        } else if (command instanceof Command.Tick) {
            LoadTransitions.announceFullProgress(d, false);
            LoadEndings.checkStall(d);
            InstanceTransitions.checkDrains(d);
            GatewayTransitions.expire(d);
            TtlTransitions.expire(d);
        } else if (command instanceof Command.Poll) {
            d.requestObserve();
        } else if (command instanceof Command.Shutdown) {
            d.operationWaiters.read().values().forEach(ids -> ids.forEach(id -> d.refuse(id, shuttingDown())));
            d.unloadWaiters.forEach(waiter -> d.refuse(waiter.requestId(), shuttingDown()));
            d.operationWaiters.write().clear();
            d.unloadWaiters = List.of();
            d.pending = null;
            GatewayTransitions.shutDown(d);
            d.shutDown = true;
        }
        // Whatever changed (a slot freed, a load landed or failed, an instance went, time passed), the gateway's
        // queues are served again: one place decides who runs next.
        GatewayTransitions.dispatch(d);
        // Leases are not part of any view: granting, refusing or returning one changes nothing readers see, unless
        // returning the last one lets a waiting unload go (which shows as an effect) or the instance's idleness shows
        // (its last use, its TTL countdown).
        CoreState next = d.freeze();
        boolean viewsUnchanged = leaseOnly(state, next, command, settings)
                && d.effects.isEmpty() && d.events.isEmpty() && next.gateway() == state.gateway();
        return new Step(next, List.copyOf(d.effects), List.copyOf(d.events), List.copyOf(d.replies), viewsUnchanged);
    }

    private static boolean leaseOnly(CoreState before, CoreState after, Command command, LifecycleSettings settings) {
        if (command instanceof Command.AcquireLease) {
            return !TtlTransitions.leaseShows(before, after, after.activeInstanceId(), settings);
        }
        return command instanceof Command.ReleaseLease release
                && !TtlTransitions.leaseShows(before, after, release.instanceId(), settings);
    }

    private static LifecycleException shuttingDown() {
        return new LifecycleException(ErrorCode.SHUTTING_DOWN, "lmdeck is shutting down");
    }
}
