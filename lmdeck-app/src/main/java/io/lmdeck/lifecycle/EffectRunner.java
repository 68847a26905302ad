package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell's I/O: runs each {@link Effect} the machine asks for on the I/O executor, against LM Studio (the
 * port), the load history and the ownership history, and hands every result back as a {@link Command}. Never
 * touches the machine's state.
 */
final class EffectRunner {
    static final Duration UNLOAD_TIMEOUT = Duration.ofSeconds(90);
    private static final Logger LOG = LoggerFactory.getLogger(EffectRunner.class);

    private final LmStudioPort port;
    private final LoadHistory history;
    private final OwnershipHistory ownership;
    private final LifecycleSettings settings;
    private final Executor io;
    private final Consumer<Command> post;
    private final Map<String, LmStudioPort.LoadHandle> handles = new ConcurrentHashMap<>();

    EffectRunner(LmStudioPort port, LoadHistory history, OwnershipHistory ownership, LifecycleSettings settings,
                 Executor io, Consumer<Command> post) {
        this.port = port;
        this.history = history;
        this.ownership = ownership;
        this.settings = settings;
        this.io = io;
        this.post = post;
    }

    void start(Effect effect) {
        if (effect instanceof Effect.Observe observe) {
            io.execute(() -> observe(observe.epoch(), observe.recall()));
        } else if (effect instanceof Effect.Prepare prepare) {
            io.execute(() -> prepare(prepare));
        } else if (effect instanceof Effect.RecallHistory recall) {
            io.execute(() -> recallHistory(recall));
        } else if (effect instanceof Effect.StartLoad load) {
            io.execute(() -> startLoad(load));
        } else if (effect instanceof Effect.CancelLoad cancel) {
            LmStudioPort.LoadHandle handle = handles.get(cancel.operationId());
            if (handle != null) {
                io.execute(handle::cancel);
            }
        } else if (effect instanceof Effect.Unload unload) {
            String instanceId = unload.instanceId();
            io.execute(() -> call(() -> port.unload(instanceId), UNLOAD_TIMEOUT)
                    .whenComplete((ignored, error) -> post.accept(new Command.UnloadDone(instanceId, unwrap(error)))));
        }
    }

    /** How long one look at LM Studio may take before it counts as failed (LM Studio offline). */
    static Duration observeLimit(LifecycleSettings settings) {
        return settings.pollInterval().multipliedBy(3).plusSeconds(10);
    }

    /**
     * The first look (until one succeeds) may take longer: the client first probes what LM Studio offers, several
     * answers in a row (about 17 s when LM Studio takes 1.5 s per answer), and a busy LM Studio is not an offline one.
     * An LM Studio that is not there refuses the connection at once, so this only lengthens a wait on a hung one.
     */
    static Duration firstLookLimit(LifecycleSettings settings) {
        return observeLimit(settings).plusSeconds(30);
    }

    private void observe(long epoch, boolean recall) {
        Command.HostMemorySample host = Command.HostMemorySample.of(settings.hostMemory());
        Duration limit = recall ? firstLookLimit(settings) : observeLimit(settings);
        call(port::observe, limit).whenComplete((observation, error) -> post.accept(error == null
                ? new Command.Observed(epoch, observation, host,
                        recall ? recall(observation) : OwnershipHistory.Recalled.NOTHING)
                : new Command.ObserveFailed(unwrap(error))));
    }

    /**
     * Which of the listed instances lmdeck loaded before it started, and which of its loads never ended; nothing
     * (all external) if the log fails.
     */
    private OwnershipHistory.Recalled recall(LmStudioPort.Observation observation) {
        Map<String, String> listed = new HashMap<>();
        observation.models().forEach(model -> model.instances()
                .forEach(i -> listed.put(i.instanceId(), model.modelId())));
        try {
            return ownership.recall(listed);
        } catch (RuntimeException e) {
            LOG.warn("ownership history unavailable: instances found at start count as external", e);
            return OwnershipHistory.Recalled.NOTHING;
        }
    }

    private void prepare(Effect.Prepare prepare) {
        // Asked first, so LM Studio works on it while the history is read.
        CompletableFuture<OptionalLong> estimate = call(
                () -> port.estimateMemory(prepare.modelId(), prepare.type(), prepare.contextLength()), Duration.ofSeconds(10))
                .handle((bytes, error) -> error == null && bytes != null ? bytes : OptionalLong.empty());
        Optional<Duration> typical;
        try {
            typical = history.typicalLoadDuration(prepare.modelId(), prepare.contextLength());
        } catch (RuntimeException e) {
            LOG.warn("load history unavailable", e);
            typical = Optional.empty();
        }
        Optional<Duration> typicalDuration = typical;
        Command.HostMemorySample host = Command.HostMemorySample.of(settings.hostMemory());
        estimate.thenAccept(bytes -> post.accept(new Command.Prepared(prepare.operationId(), typicalDuration, bytes, host)));
    }

    private void recallHistory(Effect.RecallHistory recall) {
        Map<String, Duration> typical = new HashMap<>();
        try {
            recall.modelIds().forEach(modelId ->
                    history.typicalLoadDuration(modelId, null).ifPresent(duration -> typical.put(modelId, duration)));
        } catch (RuntimeException e) {
            LOG.warn("load history unavailable: first ETAs come from model sizes", e);
        }
        post.accept(new Command.HistoryRecalled(Map.copyOf(typical)));
    }

    private void startLoad(Effect.StartLoad load) {
        String id = load.operationId();
        LmStudioPort.LoadHandle handle;
        try {
            handle = port.startLoad(load.spec(), progress -> post.accept(new Command.LoadProgress(id, progress)));
        } catch (RuntimeException e) {
            post.accept(new Command.LoadFailed(id, e));
            return;
        }
        handles.put(id, handle);
        post.accept(new Command.LoadAccepted(id, handle.cancelSupported(), handle.reportsProgress()));
        handle.result().whenComplete((instance, error) -> {
            handles.remove(id);
            post.accept(error == null ? new Command.LoadSucceeded(id, instance) : new Command.LoadFailed(id, unwrap(error)));
        });
    }

    /** Calls the port, turning a synchronous throw or a missing answer into a failed future. */
    private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call,
                                                 Duration limit) {
        try {
            return call.get().toCompletableFuture().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        if (current instanceof TimeoutException) {
            return new LmStudioPortException(LmStudioPortException.Reason.OFFLINE, "LM Studio did not answer in time");
        }
        return current;
    }
}
