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
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell around the pure core: it keeps the {@link CoreState}, runs every {@link Command} through
 * {@link Transition#apply}, then swaps the read snapshot, publishes the events, starts the requested I/O off the
 * owner ({@link EffectRunner}, whose results come back as commands) and completes the callers' futures from the
 * step's {@link Reply}s ({@link PendingReplies}: request id → future; the core never sees a future). LM Studio's answers and ticks go
 * through a mailbox; requests answered at once (load, cancel, await, a chat's lease) are decided on the caller's
 * thread ({@link #decideHere}). Either way one command at a time holds {@code turn}, and answers are given after it.
 */
final class LifecycleOwner implements ModelLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleOwner.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration LEASE_RECHECK = Duration.ofMillis(250);

    private final EventPublisher events;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final Executor mailbox;
    private final Timers timers;
    private final Runnable releaseThreads;
    private final EffectRunner effects;
    private final PendingReplies replies = new PendingReplies(this::release);
    private final GatewayAdmissions gateway;
    /** Only touched in {@code turn}. */
    private CoreState state = CoreState.initial();
    private final Object snapshotChanged = new Object();
    private final Object turn = new Object();
    /** Done once LM Studio has been read (or found unreachable) for the first time. */
    private final CompletableFuture<Void> firstLook = new CompletableFuture<>();
    private volatile SnapshotViews.Snapshot snapshot;

    LifecycleOwner(LmStudioPort port, EventPublisher events, LoadHistory history, OwnershipHistory ownership,
                   Clock clock, LifecycleSettings settings, Executor mailbox, Executor io, Timers timers,
                   Runnable releaseThreads) {
        this(port, events, history, ownership, clock, settings, mailbox, io, timers, releaseThreads,
                GatewayPresets.NONE);
    }

    /** {@code gatewayPresets}: each model's preset for the gateway's loads and slots (contract §7). */
    LifecycleOwner(LmStudioPort port, EventPublisher events, LoadHistory history, OwnershipHistory ownership,
                   Clock clock, LifecycleSettings settings, Executor mailbox, Executor io, Timers timers,
                   Runnable releaseThreads, GatewayPresets gatewayPresets) {
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.mailbox = mailbox;
        this.timers = timers;
        this.releaseThreads = releaseThreads;
        this.effects = new EffectRunner(port, history, ownership, settings, io, this::post);
        this.gateway = new GatewayAdmissions(this::process, replies, clock, gatewayPresets);
        this.snapshot = SnapshotViews.build(0, state, settings, clock.instant());
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
        return decideHere(id -> new Command.Select(id, LoadAdmission.newOperationId(), request));
    }

    @Override
    public UnloadResult unload(UnloadRequest request) {
        awaitFirstLook();
        return ask(id -> new Command.Unload(id, request), settings.drainTimeout().plus(EffectRunner.UNLOAD_TIMEOUT));
    }

    @Override
    public OperationResult cancel(String operationId) {
        return decideHere(id -> new Command.Cancel(id, operationId));
    }

    @Override
    public CompletableFuture<OperationResult> awaitOperation(String operationId) {
        long id = replies.next();
        CompletableFuture<OperationResult> reply = replies.expect(id);
        process(new Command.Await(id, operationId));
        if (reply.isCompletedExceptionally()) {
            try {
                reply.join();
            } catch (CompletionException e) {
                throw refusal(e.getCause());
            }
        }
        return reply;
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
                Command.LeaseGrant grant = decideHere(id -> new Command.AcquireLease(id, LeaseHolder.CHAT));
                return new OwnerLease(grant, this::release);
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
    public CompletableFuture<GatewaySlot> admit(GatewayRequest request, Duration maxWait,
                                                Consumer<LoadingView> whileWaiting) {
        awaitFirstLook();
        return gateway.admit(request, maxWait, whileWaiting);
    }

    @Override
    public void applyPolicies(java.util.Map<String, ModelPolicy> byModel) {
        post(new Command.PoliciesChanged(byModel));
    }

    @Override
    public List<GatewayRequestView> gatewayRequests() {
        return snapshot.requests();
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

    private void release(Command.LeaseGrant grant) {
        post(new Command.ReleaseLease(grant.instanceId(), grant.holder()));
    }

    private void process(Command command) {
        Transition.Step step;
        synchronized (turn) {
            step = processInTurn(command);
        }
        if (step == null) {
            return;
        }
        // Outside the turn: whoever waits for an answer (or learns its slot was revoked) may go on to ask the owner
        // again, e.g. close its slot.
        step.replies().forEach(replies::give);
        step.effects().stream().filter(Effect.Revoke.class::isInstance).map(Effect.Revoke.class::cast)
                .forEach(gateway::revoke);
        gateway.report(snapshot.status().loading());
    }

    /** Decides, publishes and starts the I/O; returns the step, whose answers are given once the turn is over. */
    private Transition.Step processInTurn(Command command) {
        Transition.Step step;
        try {
            step = Transition.apply(state, command, clock.instant(), settings);
        } catch (RuntimeException bug) {
            LOG.error("lifecycle failed to process {}", command.getClass().getSimpleName(), bug);
            return null;
        }
        state = step.state();
        if (!step.viewsUnchanged()) {
            publishSnapshot();
        }
        if (!firstLook.isDone() && state.link().checkedAt() != null) {
            firstLook.complete(null);
        }
        if (!step.events().isEmpty()) {
            try {
                events.publishAll(step.events());
            } catch (RuntimeException e) {
                LOG.warn("event publisher refused {} event(s)", step.events().size(), e);
            }
        }
        step.effects().stream().filter(effect -> !(effect instanceof Effect.Revoke)).forEach(effects::start);
        return step;
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
            firstLook.get(EffectRunner.firstLookLimit(settings).plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // LM Studio is slow to answer: decide with what is known (it counts as offline until it answers).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishSnapshot() {
        SnapshotViews.Snapshot old = snapshot;
        SnapshotViews.Snapshot fresh = SnapshotViews.build(old.version() + 1, state, settings, clock.instant());
        if (fresh.status().equals(old.status()) && fresh.catalog().equals(old.catalog())
                && fresh.requests().equals(old.requests())) {
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

    private <T> T ask(LongFunction<Command> command, Duration limit) {
        long id = replies.next();
        CompletableFuture<T> reply = replies.expect(id);
        post(command.apply(id));
        try {
            return reply.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        } catch (TimeoutException e) {
            replies.forget(id);
            throw new LifecycleException(ErrorCode.BUSY, "LM Studio or lmdeck is busy: try again",
                    Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            replies.forget(id);
            Thread.currentThread().interrupt();
            throw new LifecycleException(ErrorCode.BUSY, "interrupted while waiting for lmdeck");
        }
    }

    /**
     * Processes a command on the caller's thread, in turn with the owner, instead of handing it to the owner's
     * thread and waiting: a user's load, cancel or chat is decided without a thread hop (and without queueing
     * behind polls and progress). Only for commands the core answers in the same step.
     */
    private <T> T decideHere(LongFunction<Command> command) {
        long id = replies.next();
        CompletableFuture<T> reply = replies.expect(id);
        process(command.apply(id));
        if (!reply.isDone()) { // the core failed on it (logged by process)
            replies.forget(id);
            throw refusal(null);
        }
        try {
            return reply.getNow(null);
        } catch (CompletionException e) {
            throw refusal(e.getCause());
        }
    }

    /** The core's refusal as it is; anything else (a bug, logged where it happened) as "busy". */
    private static LifecycleException refusal(Throwable cause) {
        return cause instanceof LifecycleException refused ? refused
                : new LifecycleException(ErrorCode.BUSY, "lmdeck could not process the request");
    }
}
