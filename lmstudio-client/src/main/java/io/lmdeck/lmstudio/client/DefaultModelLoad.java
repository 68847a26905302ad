package io.lmdeck.lmstudio.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ProtocolException;
import io.lmdeck.lmstudio.client.errors.StalledException;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.rest.HttpJson;
import io.lmdeck.lmstudio.client.websocket.LoadEvents;
import io.lmdeck.lmstudio.client.websocket.SdkChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One load, as a transport: relays progress to the listener, reports how the load ended (in {@link #result()}) and
 * what LM Studio really did (in {@link #upstreamDone()}: also an instance that lands after a cancel), and tells
 * LM Studio to stop on cancel. It decides nothing itself: an instance that lands after a cancel stays loaded for the
 * caller to deal with. The one policy it can apply, a stall limit, is the caller's opt-in.
 */
final class DefaultModelLoad implements ModelLoad, LoadEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultModelLoad.class);
    private static final JsonNode CANCEL = JsonNodeFactory.instance.objectNode().put("type", "cancel");

    private final String modelKey;
    private final LoadTransport transport;
    private final LoadProgressListener listener;
    private final Duration stallLimit;
    private final ScheduledExecutorService timers;
    private final Executor completions;
    private final UnaryOperator<LmStudioException> explain;
    private final CompletableFuture<LoadedInstance> result = new CompletableFuture<>();
    private final CompletableFuture<Optional<LoadedInstance>> upstreamDone = new CompletableFuture<>();
    private volatile double progress = -1;
    private SdkChannel channel;
    private ScheduledFuture<?> stallTimer;
    private boolean settled;
    private boolean cancelRequested;

    /** {@code stallLimit}: null for none (the default), else a websocket load with no progress for that long fails. */
    DefaultModelLoad(String modelKey, LoadTransport transport, LoadProgressListener listener, Duration stallLimit,
                  ScheduledExecutorService timers, Executor completions, UnaryOperator<LmStudioException> explain) {
        this.modelKey = modelKey;
        this.transport = transport;
        this.listener = listener == null ? LoadProgressListener.NONE : listener;
        this.stallLimit = stallLimit;
        this.timers = timers;
        this.completions = completions;
        this.explain = explain;
    }

    @Override
    public String modelKey() {
        return modelKey;
    }

    @Override
    public LoadTransport transport() {
        return transport;
    }

    @Override
    public CompletableFuture<LoadedInstance> result() {
        return result;
    }

    @Override
    public CompletableFuture<Optional<LoadedInstance>> upstreamDone() {
        return upstreamDone;
    }

    @Override
    public double progress() {
        return progress;
    }

    /** Tells the listener the load was sent; over the websocket, starts the stall watch when one was asked for. */
    void started() {
        notifyListener(() -> listener.onStarted(transport, transport == LoadTransport.WEBSOCKET));
        rearmStallTimer();
    }

    void warn(String message) {
        notifyListener(() -> listener.onWarning(message));
    }

    /** The websocket channel is open; a cancel that came earlier is sent now. */
    void attach(SdkChannel openChannel) {
        boolean sendCancel;
        synchronized (this) {
            channel = openChannel;
            sendCancel = cancelRequested;
        }
        if (sendCancel) {
            openChannel.send(CANCEL);
        }
    }

    /** Follows a blocking REST load to its end (also after a cancel: LM Studio cannot stop it, and it may land). */
    void follow(CompletableFuture<LoadedInstance> restLoad) {
        restLoad.whenComplete((instance, failure) -> {
            if (failure != null) {
                Throwable cause = HttpJson.unwrap(failure);
                failed(cause instanceof LmStudioException ? (LmStudioException) cause
                        : new ProtocolException("loading " + modelKey + " failed: " + cause, 0, cause));
            } else {
                success(instance);
            }
        });
    }

    @Override
    public void resolved(ModelInfo model) {
        rearmStallTimer();
        notifyListener(() -> listener.onResolved(model));
    }

    @Override
    public void progress(double fraction) {
        if (isSettled() || Double.isNaN(fraction) || fraction <= progress) {
            return; // values that do not increase are not progress (a load stuck at 99.9 % keeps resending it)
        }
        double clamped = Math.min(1.0, Math.max(0.0, fraction));
        progress = clamped;
        rearmStallTimer();
        notifyListener(() -> listener.onProgress(clamped));
    }

    @Override
    public void success(LoadedInstance instance) {
        if (transport == LoadTransport.WEBSOCKET && progress < 1.0) {
            progress(1.0); // LM Studio may stop short of exactly 1 before success; a progress bar should end full
        } else if (!isSettled()) {
            progress = 1.0;
        }
        stopStallTimer();
        boolean wanted = settle();
        if (!wanted) {
            LOG.info("LM Studio finished loading {} as {} after the load was given up; it stays loaded for the caller",
                    modelKey, instance.instanceId());
        }
        onClientThread(() -> {
            upstreamDone.complete(Optional.of(instance));
            if (wanted) {
                result.complete(instance);
            }
        });
    }

    @Override
    public void failed(LmStudioException error) {
        stopStallTimer();
        boolean first = settle();
        onClientThread(() -> {
            upstreamDone.complete(Optional.empty());
            if (first) {
                // Explaining (e.g. close matches for "not found") may call LM Studio: never on a socket thread.
                result.completeExceptionally(error instanceof CancelledException || error instanceof StalledException
                        ? error : explain.apply(error));
            }
        });
    }

    @Override
    public void cancel() {
        giveUp(new CancelledException("loading " + modelKey + " was cancelled"));
    }

    private void stall() {
        LOG.warn("loading {} stalled at {} for {}", modelKey, progress, stallLimit);
        giveUp(new StalledException(modelKey, progress, stallLimit));
    }

    /**
     * Settles the result with the caller's reason first (LM Studio answers a cancel with its own error, which must
     * not win), then tells LM Studio to stop. What LM Studio then does is reported by {@link #upstreamDone()}.
     */
    private void giveUp(LmStudioException reason) {
        SdkChannel open;
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            cancelRequested = true;
            open = channel;
        }
        stopStallTimer();
        onClientThread(() -> result.completeExceptionally(reason));
        if (open != null) {
            open.send(CANCEL);
        }
    }

    private synchronized void rearmStallTimer() {
        if (stallLimit == null || transport != LoadTransport.WEBSOCKET || settled) {
            return;
        }
        if (stallTimer != null) {
            stallTimer.cancel(false);
        }
        stallTimer = timers.schedule(this::stall, stallLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void stopStallTimer() {
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
    }

    /** Marks the result settled; false when it already was (given up, or answered before). */
    private synchronized boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }

    private synchronized boolean isSettled() {
        return settled;
    }

    /**
     * Runs a completion on the completion executor, so that callers' dependent stages never run on (and block) a
     * websocket reader thread; inline once the client is closed.
     */
    private void onClientThread(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("load listener for {} threw", modelKey, e);
        }
    }
}
