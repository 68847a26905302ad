package io.lmdeck.lifecycle;

import io.lmdeck.events.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner: a mailbox executor runs every {@link Command} through the {@link LifecycleMachine}, then
 * swaps the read snapshot, publishes the events and starts the requested I/O off the owner ({@link EffectRunner},
 * whose results come back as commands). Requests answered at once (load, cancel, a chat's lease) are decided on
 * the caller's thread ({@link #decideHere}); the others post a command and wait (bounded) for its reply. Either
 * way one command at a time holds {@code turn}, so the machine never sees two threads at once, and answers are
 * given after the turn.
 */
final class LifecycleOwner implements ModelLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleOwner.class);
    private static final Duration REPLY_WAIT = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration LEASE_RECHECK = Duration.ofMillis(250);

    private final EventPublisher events;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final Executor mailbox;
    private final Timers timers;
    private final Runnable releaseThreads;
    private final LifecycleMachine machine;
    private final EffectRunner effects;
    private final Object snapshotChanged = new Object();
    private final Object turn = new Object();
    /** Done once LM Studio has been read (or found unreachable) for the first time. */
    private final CompletableFuture<Void> firstLook = new CompletableFuture<>();
    private volatile SnapshotViews.Snapshot snapshot;

    LifecycleOwner(LmStudioPort port, EventPublisher events, LoadHistory history, OwnershipHistory ownership,
                   Clock clock, LifecycleSettings settings, Executor mailbox, Executor io, Timers timers,
                   Runnable releaseThreads) {
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.mailbox = mailbox;
        this.timers = timers;
        this.releaseThreads = releaseThreads;
        this.machine = new LifecycleMachine(settings, clock, this::post);
        this.effects = new EffectRunner(port, history, ownership, settings, io, this::post);
        this.snapshot = SnapshotViews.build(0, machine.state, settings, clock.instant());
    }

    /** Rebuilds state from LM Studio (never assumed), then keeps reconciling. */
    void start() {
        post(new Command.Poll());
        timers.every(TICK, () -> post(new Command.Tick()));
        timers.every(settings.pollInterval(), () -> post(new Command.Poll()));
    }

    @Override
    public Catalog catalog() {
        return snapshot.catalog();
    }

    @Override
    public LmStudioStatus status() {
        return snapshot.status();
    }

    @Override
    public LoadTicket load(LoadRequest request) {
        awaitFirstLook();
        return decideHere(reply -> new Command.Select(request, reply));
    }

    @Override
    public UnloadResult unload(UnloadRequest request) {
        awaitFirstLook();
        return ask(reply -> new Command.Unload(request, reply), settings.drainTimeout().plus(EffectRunner.UNLOAD_TIMEOUT));
    }

    @Override
    public OperationResult cancel(String operationId) {
        return decideHere(reply -> new Command.Cancel(operationId, reply));
    }

    @Override
    public CompletableFuture<OperationResult> awaitOperation(String operationId) {
        return ask(reply -> new Command.Await(operationId, reply), REPLY_WAIT);
    }

    @Override
    public ChatLease acquireChatLease(Duration maxWait, Consumer<LoadingView> whileWaiting)
            throws InterruptedException {
        awaitFirstLook();
        long deadline = System.nanoTime() + maxWait.toNanos();
        LoadingView reported = null;
        while (true) {
            long seen = snapshot.version();
            try {
                // On this thread, not via the mailbox: a lease is on every chat's time to first token, and the
                // owner's thread may be asleep (two context switches) or busy with a slow command.
                Command.LeaseGrant grant = decideHere(reply -> new Command.AcquireLease(reply));
                return new OwnerLease(grant, instanceId -> post(new Command.ReleaseLease(instanceId)));
            } catch (LifecycleException refused) {
                long left = deadline - System.nanoTime();
                if (refused.code() != ErrorCode.MODEL_UNAVAILABLE || left <= 0) {
                    throw refused;
                }
                LoadingView loading = snapshot.status().loading();
                if (loading != null && !loading.equals(reported)) {
                    whileWaiting.accept(loading);
                    reported = loading;
                }
                awaitChange(seen, Math.min(left, LEASE_RECHECK.toNanos()));
            }
        }
    }

    @Override
    public void close() {
        post(new Command.Shutdown());
        timers.close();
        releaseThreads.run();
    }

    void post(Command command) {
        try {
            mailbox.execute(() -> process(command));
        } catch (RejectedExecutionException closed) {
            LOG.debug("lifecycle closed, dropping {}", command.getClass().getSimpleName());
        }
    }

    private void process(Command command) {
        List<Runnable> settlements;
        synchronized (turn) {
            settlements = processInTurn(command);
        }
        // Outside the turn: whoever waits for an answer may go on to ask the owner again.
        settlements.forEach(Runnable::run);
    }

    /** Decides, publishes and starts the I/O; returns the answers to give once the turn is over. */
    private List<Runnable> processInTurn(Command command) {
        LifecycleMachine.Step step;
        try {
            step = machine.handle(command);
        } catch (RuntimeException bug) {
            LOG.error("lifecycle failed to process {}", command.getClass().getSimpleName(), bug);
            return List.of();
        }
        if (!step.viewsUnchanged()) {
            publishSnapshot();
        }
        if (!firstLook.isDone() && machine.state.checkedAt != null) {
            firstLook.complete(null);
        }
        if (!step.events().isEmpty()) {
            try {
                events.publishAll(step.events());
            } catch (RuntimeException e) {
                LOG.warn("event publisher refused {} event(s)", step.events().size(), e);
            }
        }
        step.effects().forEach(effects::start);
        return step.settlements();
    }

    /**
     * Right after start-up lmdeck does not know yet whether LM Studio is there: a load, unload or chat asked then
     * waits for the first read to end (it is bounded by the read's own time limit) instead of being refused as
     * "offline" on a guess. A busy LM Studio makes that read slow (the client's probe takes several answers), and
     * slow is not offline.
     */
    private void awaitFirstLook() {
        if (firstLook.isDone()) {
            return;
        }
        try {
            firstLook.get(EffectRunner.observeLimit(settings).plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // LM Studio is slow to answer: decide with what is known (it counts as offline until it answers).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishSnapshot() {
        SnapshotViews.Snapshot old = snapshot;
        SnapshotViews.Snapshot fresh = SnapshotViews.build(old.version() + 1, machine.state, settings, clock.instant());
        if (fresh.status().equals(old.status()) && fresh.catalog().equals(old.catalog())) {
            return;
        }
        synchronized (snapshotChanged) {
            snapshot = fresh;
            snapshotChanged.notifyAll();
        }
    }

    private void awaitChange(long seenVersion, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (snapshotChanged) {
            while (snapshot.version() == seenVersion) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(snapshotChanged, left);
            }
        }
    }

    private <T> T ask(Function<CompletableFuture<T>, Command> command, Duration limit) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        post(command.apply(reply));
        try {
            return reply.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new LifecycleException(ErrorCode.BUSY, "LM Studio or lmdeck is busy: try again",
                    Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            reply.cancel(false);
            Thread.currentThread().interrupt();
            throw new LifecycleException(ErrorCode.BUSY, "interrupted while waiting for lmdeck");
        }
    }

    /**
     * Processes a command on the caller's thread, in turn with the owner, instead of handing it to the owner's
     * thread and waiting: a user's load, cancel or chat is decided without a thread hop (and without queueing
     * behind polls and progress). Only for commands the machine answers in the same step.
     */
    private <T> T decideHere(Function<CompletableFuture<T>, Command> command) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        process(command.apply(reply));
        if (!reply.isDone()) { // the machine failed on it (logged by process)
            throw refusal(null);
        }
        try {
            return reply.getNow(null);
        } catch (CompletionException e) {
            throw refusal(e.getCause());
        }
    }

    /** The machine's refusal as it is; anything else (a bug, logged where it happened) as "busy". */
    private static LifecycleException refusal(Throwable cause) {
        return cause instanceof LifecycleException refused ? refused
                : new LifecycleException(ErrorCode.BUSY, "lmdeck could not process the request");
    }
}
