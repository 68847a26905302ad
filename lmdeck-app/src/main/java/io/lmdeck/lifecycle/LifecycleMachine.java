package io.lmdeck.lifecycle;

import io.lmdeck.events.LifecycleEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The decision core: takes one {@link Command} at a time and updates the owner's state, returning the
 * I/O to start ({@link Effect}s) and the events to publish. It does no I/O and never blocks, so tests
 * drive it deterministically with a fake clock.
 */
final class LifecycleMachine {
    final LifecycleState state = new LifecycleState();
    final LifecycleSettings settings;
    final Loads loads;
    final LoadOutcomes outcomes;
    final Instances instances;
    final Reconciler reconciler;
    private final Clock clock;
    private final List<Effect> effects = new ArrayList<>();
    private final List<LifecycleEvent> events = new ArrayList<>();
    private final List<Runnable> settlements = new ArrayList<>();
    private final Consumer<Command> loopback;
    private Instant now;

    /**
     * What one command produced. {@code settlements} complete the callers' futures: the shell runs them after
     * swapping the snapshot, so whoever hears an answer already reads the state it describes.
     * {@code viewsUnchanged}: nothing readers see can have changed (a chat lease was granted, refused or
     * returned), so the shell need not rebuild the snapshot.
     */
    record Step(List<Effect> effects, List<LifecycleEvent> events, List<Runnable> settlements,
                boolean viewsUnchanged) {
    }

    /** {@code loopback} posts a command back to the owner's mailbox (used when a caller gave up on a grant). */
    LifecycleMachine(LifecycleSettings settings, Clock clock, Consumer<Command> loopback) {
        this.settings = settings;
        this.clock = clock;
        this.loopback = loopback;
        this.now = clock.instant();
        this.loads = new Loads(this);
        this.outcomes = new LoadOutcomes(this);
        this.instances = new Instances(this);
        this.reconciler = new Reconciler(this);
    }

    Step handle(Command command) {
        now = clock.instant();
        if (state.shutDown) {
            refuseClosed(command);
        } else if (command instanceof Command.Select select) {
            loads.select(select);
        } else if (command instanceof Command.Unload unload) {
            instances.unload(unload);
        } else if (command instanceof Command.Cancel cancel) {
            loads.cancel(cancel);
        } else if (command instanceof Command.Await await) {
            loads.await(await);
        } else if (command instanceof Command.AcquireLease acquire) {
            instances.acquire(acquire);
        } else if (command instanceof Command.ReleaseLease release) {
            instances.release(release.instanceId());
        } else if (command instanceof Command.Prepared prepared) {
            loads.prepared(prepared);
        } else if (command instanceof Command.HistoryRecalled recalled) {
            recalled.typicalDurations().forEach((modelId, duration) ->
                    state.typicalDurations.putIfAbsent(LoadOperation.preparedKey(modelId, null), duration));
        } else if (command instanceof Command.LoadAccepted accepted) {
            loads.accepted(accepted);
        } else if (command instanceof Command.LoadProgress progress) {
            loads.progress(progress);
        } else if (command instanceof Command.LoadSucceeded succeeded) {
            state.mutations++;
            outcomes.succeeded(succeeded);
        } else if (command instanceof Command.LoadFailed failed) {
            state.mutations++;
            outcomes.failed(failed);
        } else if (command instanceof Command.UnloadDone done) {
            state.mutations++;
            instances.unloadDone(done);
        } else if (command instanceof Command.Observed observed) {
            observationEnded();
            if (observed.epoch() < state.mutations) {
                // Asked before lmdeck's own change, so it may show the old state: never diffed, read afresh instead.
                if (!state.observing) {
                    requestObserve();
                }
            } else {
                reconciler.observed(observed);
            }
        } else if (command instanceof Command.ObserveFailed failed) {
            observationEnded();
            reconciler.observeFailed(failed);
        } else if (command instanceof Command.Tick) {
            loads.announceFullProgress(false);
            outcomes.checkStall();
            instances.checkDrains();
        } else if (command instanceof Command.Poll) {
            requestObserve();
        } else if (command instanceof Command.Shutdown) {
            loads.shutdown();
            state.unloadWaiters.forEach(waiter -> refuse(waiter.reply,
                    new LifecycleException(ErrorCode.SHUTTING_DOWN, "lmdeck is shutting down")));
            state.unloadWaiters.clear();
            state.shutDown = true;
        }
        // Leases are not part of any view: granting, refusing or returning one changes nothing readers see,
        // unless returning the last one lets a waiting unload go (which shows as an effect).
        boolean viewsUnchanged = (command instanceof Command.AcquireLease || command instanceof Command.ReleaseLease)
                && effects.isEmpty() && events.isEmpty();
        Step step = new Step(List.copyOf(effects), List.copyOf(events), List.copyOf(settlements), viewsUnchanged);
        effects.clear();
        events.clear();
        settlements.clear();
        return step;
    }

    Instant now() {
        return now;
    }

    void emit(LifecycleEvent event) {
        events.add(event);
    }

    void effect(Effect effect) {
        if (effect instanceof Effect.StartLoad || effect instanceof Effect.Unload
                || effect instanceof Effect.CancelLoad) {
            state.mutations++;
        }
        effects.add(effect);
    }

    <T> void settle(CompletableFuture<T> reply, T value) {
        settlements.add(() -> reply.complete(value));
    }

    void refuse(CompletableFuture<?> reply, Throwable error) {
        settlements.add(() -> reply.completeExceptionally(error));
    }

    /** Grants a lease; if the caller gave up meanwhile, the lease is released again. */
    void grant(CompletableFuture<Command.LeaseGrant> reply, Command.LeaseGrant grant) {
        settlements.add(() -> {
            if (!reply.complete(grant)) {
                loopback.accept(new Command.ReleaseLease(grant.instanceId()));
            }
        });
    }

    /** One observation in flight at a time; asks made meanwhile are folded into one more. */
    void requestObserve() {
        if (state.observing) {
            state.observeAgain = true;
        } else {
            state.observing = true;
            effect(new Effect.Observe(state.mutations, !state.observedOnce));
        }
    }

    /** Embedding models can be loaded but never become the active (chat) model nor replace it. */
    boolean activates(String modelId) {
        LmStudioPort.Model model = state.catalogue.get(modelId);
        return model == null || model.type() != ModelType.EMBEDDING;
    }

    private void observationEnded() {
        state.observing = false;
        if (state.observeAgain) {
            state.observeAgain = false;
            requestObserve();
        }
    }

    private void refuseClosed(Command command) {
        if (command instanceof Command.Request request) {
            refuse(request.reply(),
                    new LifecycleException(ErrorCode.SHUTTING_DOWN, "lmdeck is shutting down"));
        }
    }
}
