package io.lmdeck.lmstudio.sim.control;

import io.lmdeck.lmstudio.sim.engine.FailureMode;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;
import io.lmdeck.lmstudio.sim.engine.LoadHandle;
import io.lmdeck.lmstudio.sim.engine.LoadListener;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import io.lmdeck.lmstudio.sim.engine.LoadingModel;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import io.lmdeck.lmstudio.sim.engine.RequestCounters;
import io.lmdeck.lmstudio.sim.engine.SimSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test control of a running simulator, outside LM Studio's API: failure injection, loads and unloads "by the LM
 * Studio app", going offline, and the behaviour switches. The same operations are served over HTTP under
 * {@code /_sim/...} by {@link ControlRoutes}.
 */
public final class SimulatorControl {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorControl.class);
    private final ModelEngine engine;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final SimSettings initialSettings;
    private ScheduledFuture<?> comeBack;

    public SimulatorControl(ModelEngine engine, Listener listener, ScheduledExecutorService scheduler) {
        this.engine = engine;
        this.listener = listener;
        this.scheduler = scheduler;
        this.initialSettings = engine.settings().copy();
    }

    /**
     * Back to the state right after start: online, no instances, no loads in flight, no injected failures, the
     * start-up settings, the high-water marks restarted. The load-call counter keeps counting.
     */
    public void reset() {
        goOnline();
        engine.clearFailures();
        engine.unloadEverything();
        engine.settings().copyFrom(initialSettings);
        engine.resetHighWaterMarks();
    }

    /** Every later load of {@code modelKey} fails this way (or hangs at 99.9 %) until cleared. */
    public void injectFailure(String modelKey, FailureMode mode) {
        engine.model(modelKey);
        engine.injectFailure(modelKey, mode);
    }

    /** The next {@code times} loads of {@code modelKey} fail this way; the ones after succeed. */
    public void injectFailure(String modelKey, FailureMode mode, int times) {
        engine.model(modelKey);
        engine.injectFailure(modelKey, mode, times);
    }

    public void clearFailure(String modelKey) {
        engine.clearFailure(modelKey);
    }

    public void clearFailures() {
        engine.clearFailures();
    }

    public Map<String, FailureMode> failures() {
        return engine.failures();
    }

    /** Starts a load as if someone used the LM Studio app; returns at once. */
    public LoadHandle startExternalLoad(String modelKey, LoadSettings settings) {
        return engine.startLoad(modelKey, settings, false, LoadListener.NONE);
    }

    /** Loads as if someone used the LM Studio app, taking the simulated load time; returns the new instance. */
    public Instance loadExternally(String modelKey) {
        return loadExternally(modelKey, LoadSettings.defaults());
    }

    public Instance loadExternally(String modelKey, LoadSettings settings) {
        LoadHandle handle = startExternalLoad(modelKey, settings);
        try {
            return handle.result().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LoadFailedException ? (LoadFailedException) e.getCause()
                    : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel();
            throw new IllegalStateException("interrupted while loading " + modelKey, e);
        }
    }

    /** Unloads as if someone used the LM Studio app. False when no instance has that identifier. */
    public boolean unloadExternally(String identifier) {
        return engine.unload(identifier);
    }

    /** Stops listening (connections are refused) until {@link #goOnline()}. */
    public synchronized void goOffline() {
        cancelComeBack();
        listener.stop();
    }

    /** Stops listening for {@code duration}, then listens again on the same port. */
    public synchronized void goOffline(Duration duration) {
        goOffline();
        comeBack = scheduler.schedule(() -> {
            try {
                goOnline();
            } catch (RuntimeException e) {
                LOG.warn("LM Studio simulator could not listen again on its port: {}", e.getMessage());
            }
        }, duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void goOnline() {
        cancelComeBack();
        listener.start();
    }

    public boolean online() {
        return listener.running();
    }

    public void loadSecondsPerGb(double seconds) {
        engine.settings().loadSecondsPerGb(seconds);
    }

    public void jit(boolean on) {
        engine.settings().jit(on);
    }

    /** Reproduces the defect where REST v1 lists {@code loaded_instances: []} for loaded models. */
    public void emptyLoadedInstancesBug(boolean on) {
        engine.settings().emptyLoadedInstancesBug(on);
    }

    /** Behave like LM Studio 0.3.x: no {@code /api/v1}. */
    public void oldServer(boolean on) {
        engine.settings().oldServer(on);
    }

    /** LM Studio 0.3.14 quirk: with one model loaded, any model name in an inference request is answered by it. */
    public void singleModelAnswersAnyName(boolean on) {
        engine.settings().singleModelAnswersAnyName(on);
    }

    public void unknownRouteStatus(int status) {
        engine.settings().unknownRouteStatus(status);
    }

    public void memoryBudgetBytes(long bytes) {
        engine.settings().memoryBudgetBytes(bytes);
    }

    /** Every REST answer and websocket message is handled only after {@code delay} (as when LM Studio is busy). */
    public void setResponseDelay(java.time.Duration delay) {
        engine.settings().responseDelay(delay);
    }

    public void tokenDelayMillis(long millis) {
        engine.settings().tokenDelayMillis(millis);
    }

    public List<Instance> instances() {
        return engine.instances();
    }

    public List<LoadingModel> loading() {
        return engine.loading();
    }

    /**
     * Calls {@code observer} the moment any load finishes (before its caller is answered), on the simulator's
     * thread: for in-process tests and benchmarks that time loads without polling. Run the result to stop.
     */
    public Runnable onInstanceLoaded(Consumer<Instance> observer) {
        return engine.onLoaded(observer);
    }

    /** Load requests received so far (REST, websocket, JIT, external), including refused ones. */
    public int loadCalls() {
        return engine.loadCalls();
    }

    /**
     * The most loads LM Studio ran at the same time (REST, websocket, JIT, external) since start or
     * {@link #resetHighWaterMarks()}: counted where each load starts, so no overlap is missed.
     */
    public int maxConcurrentLoads() {
        return engine.maxConcurrentLoads();
    }

    /** The most instances of one model loaded at the same time since start or {@link #resetHighWaterMarks()}. */
    public int maxInstancesOfOneModel() {
        return engine.maxInstancesOfOneModel();
    }

    /** Restarts {@link #maxConcurrentLoads()} and {@link #maxInstancesOfOneModel()} from what is there now. */
    public void resetHighWaterMarks() {
        engine.resetHighWaterMarks();
    }

    /**
     * What the simulator counted about inference traffic: JIT loads, requests in flight per instance (now and the
     * high-water mark) and unloads of instances with requests in flight. Kept across {@link #reset()}.
     */
    public RequestCounters counters() {
        return engine.counters();
    }

    /** JIT loads started by inference requests so far (see {@link #counters()}). */
    public int jitLoads() {
        return engine.counters().jitLoads();
    }

    /** Unloads and evictions that hit an instance while a request was in flight on it. */
    public List<RequestCounters.BusyUnload> busyUnloads() {
        return engine.counters().busyUnloads();
    }

    /** Requests in flight on the instance with this identifier now. */
    public int inFlight(String identifier) {
        return engine.counters().inFlight(identifier);
    }

    /** Starts the counters afresh (requests still running stay counted as in flight). */
    public void resetCounters() {
        engine.counters().reset();
    }

    /** Unloads idle instances whose TTL ran out now, instead of waiting for the periodic check. */
    public void expireIdleInstances() {
        engine.expireIdleInstances();
    }

    public ModelEngine engine() {
        return engine;
    }

    private void cancelComeBack() {
        if (comeBack != null) comeBack.cancel(false);
        comeBack = null;
    }
}
