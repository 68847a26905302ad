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
import io.lmdeck.lmstudio.client.websocket.Channel;
import io.lmdeck.lmstudio.client.websocket.LoadEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One load: relays progress to the listener, watches for stalls (no increase in progress for the stall timeout),
 * handles cancel, and unloads an instance that LM Studio finishes after the caller gave up on it.
 */
final class LoadOperation implements LoadHandle, LoadEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LoadOperation.class);

    private final String modelKey;
    private final LoadTransport transport;
    private final LoadProgressListener listener;
    private final Duration stallTimeout;
    private final ScheduledExecutorService timers;
    private final Executor completions;
    private final Consumer<String> unloadLeftover;
    private final UnaryOperator<LmStudioException> explain;
    private final CompletableFuture<LoadedInstance> result = new CompletableFuture<>();
    private final CompletableFuture<Void> upstreamDone = new CompletableFuture<>();
    private volatile double progress = -1;
    private Channel channel;
    private ScheduledFuture<?> stallTimer;
    private boolean cancelUpstream;
    private boolean settled;

    LoadOperation(String modelKey, LoadTransport transport, LoadProgressListener listener, Duration stallTimeout,
                  ScheduledExecutorService timers, Executor completions, Consumer<String> unloadLeftover,
                  UnaryOperator<LmStudioException> explain) {
        this.modelKey = modelKey;
        this.transport = transport;
        this.listener = listener == null ? LoadProgressListener.NONE : listener;
        this.stallTimeout = stallTimeout;
        this.timers = timers;
        this.completions = completions;
        this.unloadLeftover = unloadLeftover;
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
    public CompletableFuture<Void> upstreamDone() {
        return upstreamDone;
    }

    @Override
    public double progress() {
        return progress;
    }

    /** Tells the listener the load was sent; over the websocket, starts the stall watch. */
    void started() {
        notifyListener(() -> listener.onStarted(transport, transport == LoadTransport.WEBSOCKET));
        if (transport == LoadTransport.WEBSOCKET) {
            rearmStallTimer();
        }
    }

    void warn(String message) {
        notifyListener(() -> listener.onWarning(message));
    }

    /** The websocket channel is open; a cancel that came earlier is sent now. */
    void attach(Channel openChannel) {
        boolean sendCancel;
        synchronized (this) {
            channel = openChannel;
            sendCancel = cancelUpstream;
        }
        if (sendCancel) {
            openChannel.send(cancelMessage());
        }
    }

    /** Follows a blocking REST load to its end (also after a cancel, to clean up what it loaded). */
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
        if (!completeAsync(instance)) {
            LOG.info("LM Studio finished loading {} as {} after the load was given up; unloading it", modelKey,
                    instance.instanceId());
            unloadLeftover.accept(instance.instanceId());
        }
        upstreamDone.complete(null);
    }

    @Override
    public void failed(LmStudioException error) {
        stopStallTimer();
        failAsync(error);
        upstreamDone.complete(null);
    }

    @Override
    public void cancel() {
        giveUp(new CancelledException("loading " + modelKey + " was cancelled"));
    }

    private void stall() {
        LOG.warn("loading {} stalled at {} for {}", modelKey, progress, stallTimeout);
        giveUp(new StalledException(modelKey, progress, stallTimeout));
    }

    /**
     * Settles the result with the caller's reason first (LM Studio answers a cancel with its own error, which must
     * not win), then tells LM Studio to stop. A success that still arrives is unloaded.
     */
    private void giveUp(LmStudioException reason) {
        Channel open;
        synchronized (this) {
            if (settled) {
                return;
            }
            cancelUpstream = true;
            open = channel;
        }
        stopStallTimer();
        settle(() -> result.completeExceptionally(reason));
        if (open != null) {
            open.send(cancelMessage());
        }
    }

    private static JsonNode cancelMessage() {
        return JsonNodeFactory.instance.objectNode().put("type", "cancel");
    }

    private synchronized void rearmStallTimer() {
        if (transport != LoadTransport.WEBSOCKET || settled) {
            return;
        }
        if (stallTimer != null) {
            stallTimer.cancel(false);
        }
        stallTimer = timers.schedule(this::stall, stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void stopStallTimer() {
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
    }

    /** Completes the result unless the load was given up (cancel, stall); false means the instance is unwanted. */
    private boolean completeAsync(LoadedInstance instance) {
        synchronized (this) {
            if (cancelUpstream) {
                return false;
            }
        }
        return settle(() -> result.complete(instance));
    }

    private void failAsync(LmStudioException error) {
        // Explaining (e.g. close matches for "not found") may call LM Studio: never on the caller's or a socket thread.
        settle(() -> result.completeExceptionally(error instanceof CancelledException || error instanceof StalledException
                ? error : explain.apply(error)));
    }

    /**
     * Settles the result once. The completion runs on the completion executor so that callers' dependent stages
     * never run on (and block) a websocket reader thread.
     */
    private boolean settle(Runnable completion) {
        synchronized (this) {
            if (settled) {
                return false;
            }
            settled = true;
        }
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
        return true;
    }

    private synchronized boolean isSettled() {
        return settled;
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("load listener for {} threw", modelKey, e);
        }
    }
}
