package io.lmdeck.lifecycle;

import io.lmdeck.events.LifecycleEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    private final Clock clock;
    private final List<Effect> effects = new ArrayList<>();
    private final List<LifecycleEvent> events = new ArrayList<>();
    private Instant now;

    record Step(List<Effect> effects, List<LifecycleEvent> events) {
    }

    LifecycleMachine(LifecycleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.now = clock.instant();
        this.loads = new Loads(this);
        this.outcomes = new LoadOutcomes(this);
        this.instances = new Instances(this);
    }

    Step handle(Command command) {
        now = clock.instant();
        if (state.shutDown) {
            refuse(command);
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
        } else if (command instanceof Command.LoadAccepted accepted) {
            loads.accepted(accepted);
        } else if (command instanceof Command.LoadProgress progress) {
            loads.progress(progress);
        } else if (command instanceof Command.LoadSucceeded succeeded) {
            outcomes.succeeded(succeeded);
        } else if (command instanceof Command.LoadFailed failed) {
            outcomes.failed(failed);
        } else if (command instanceof Command.UnloadDone done) {
            instances.unloadDone(done);
        } else if (command instanceof Command.Observed observed) {
            observationEnded();
            instances.observed(observed);
        } else if (command instanceof Command.ObserveFailed failed) {
            observationEnded();
            instances.observeFailed(failed);
        } else if (command instanceof Command.Tick) {
            outcomes.checkStall();
            instances.checkDrains();
        } else if (command instanceof Command.Poll) {
            requestObserve();
        } else if (command instanceof Command.Shutdown) {
            loads.shutdown();
            state.unloadWaiters.forEach(waiter -> waiter.reply.completeExceptionally(
                    new LifecycleException(ErrorCode.SHUTTING_DOWN, "lmdeck is shutting down")));
            state.unloadWaiters.clear();
            state.shutDown = true;
        }
        Step step = new Step(List.copyOf(effects), List.copyOf(events));
        effects.clear();
        events.clear();
        return step;
    }

    Instant now() {
        return now;
    }

    void emit(LifecycleEvent event) {
        events.add(event);
    }

    void effect(Effect effect) {
        effects.add(effect);
    }

    /** One observation in flight at a time; asks made meanwhile are folded into one more. */
    void requestObserve() {
        if (state.observing) {
            state.observeAgain = true;
        } else {
            state.observing = true;
            effect(new Effect.Observe());
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

    private static void refuse(Command command) {
        if (command instanceof Command.Request request) {
            request.reply().completeExceptionally(
                    new LifecycleException(ErrorCode.SHUTTING_DOWN, "lmdeck is shutting down"));
        }
    }
}
