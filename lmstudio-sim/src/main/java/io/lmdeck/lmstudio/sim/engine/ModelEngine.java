package io.lmdeck.lmstudio.sim.engine;

import io.lmdeck.lmstudio.sim.catalog.ModelCatalog;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The simulated model runtime: downloaded catalogue, loaded instances, loads in flight with progress, a memory
 * budget with LM Studio's guardrail, injected failures. Every protocol (REST, OpenAI, websocket, control) goes
 * through this one object so they all see the same state.
 */
public final class ModelEngine implements AutoCloseable {
    /** Progress ticks: about 100 per load, never more often than 20 ms nor rarer than 100 ms. */
    private static final long MIN_TICK_MILLIS = 20;
    private static final long MAX_TICK_MILLIS = 100;
    private static final double GB = 1_000_000_000d;

    private final ModelCatalog catalog;
    private final SimSettings settings;
    private final Clock clock;
    private final Random random;
    private final ScheduledExecutorService ticker;
    private final Map<String, InstanceState> instances = new LinkedHashMap<>();
    private final Map<String, LoadJob> loading = new LinkedHashMap<>();
    private final FailureInjector failures = new FailureInjector();
    private final AtomicInteger loadCalls = new AtomicInteger();
    private final HighWaterMarks highWaterMarks = new HighWaterMarks();
    private final List<Consumer<Instance>> loadedObservers = new CopyOnWriteArrayList<>();
    private final RequestCounters counters = new RequestCounters();

    public ModelEngine(ModelCatalog catalog, SimSettings settings, Clock clock, long seed) {
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
        this.random = new Random(seed);
        this.ticker = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "lmstudio-sim-engine");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::expireIdleInstances, 200, 200, TimeUnit.MILLISECONDS);
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public SimSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public synchronized List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        for (InstanceState s : instances.values()) out.add(s.snapshot());
        return List.copyOf(out);
    }

    public synchronized Optional<Instance> instance(String identifier) {
        InstanceState s = instances.get(identifier);
        return s == null ? Optional.empty() : Optional.of(s.snapshot());
    }

    public synchronized Optional<Instance> instanceByReference(String reference) {
        return instances.values().stream().filter(s -> s.instanceReference.equals(reference))
                .map(InstanceState::snapshot).findFirst();
    }

    public synchronized List<LoadingModel> loading() {
        List<LoadingModel> out = new ArrayList<>();
        for (LoadJob j : loading.values()) out.add(new LoadingModel(j.identifier, j.model.key(), j.progress, j.jit));
        return List.copyOf(out);
    }

    /** Number of load requests received (REST, websocket, JIT and external), including refused ones. */
    public int loadCalls() {
        return loadCalls.get();
    }

    /** The most loads in flight at the same time (REST, websocket, JIT and external alike) since the last reset. */
    public synchronized int maxConcurrentLoads() {
        return highWaterMarks.loads();
    }

    /** The most instances of one model loaded at the same time since the last reset. */
    public synchronized int maxInstancesOfOneModel() {
        return highWaterMarks.copies();
    }

    /** Restarts both high-water marks from what is loading and loaded now. */
    public synchronized void resetHighWaterMarks() {
        highWaterMarks.reset(loading.size(), instances.values());
    }

    /** JIT loads, requests in flight per instance, unloads of busy instances. */
    public RequestCounters counters() {
        return counters;
    }

    /** Every later load of the model fails this way until cleared. */
    public void injectFailure(String modelKey, FailureMode mode) {
        failures.injectAlways(modelKey, mode);
    }

    /** The next {@code times} loads of the model fail this way; later ones succeed. */
    public void injectFailure(String modelKey, FailureMode mode, int times) {
        failures.inject(modelKey, mode, times);
    }

    public void clearFailure(String modelKey) {
        failures.clear(modelKey);
    }

    public void clearFailures() {
        failures.clear();
    }

    public Map<String, FailureMode> failures() {
        return failures.snapshot();
    }

    /** Cancels every load in flight and unloads every instance (a test reset; nobody is told). */
    public void unloadEverything() {
        List<LoadJob> pending;
        synchronized (this) {
            pending = new ArrayList<>(loading.values());
            instances.clear();
        }
        for (LoadJob j : pending) cancel(j);
    }

    public CatalogModel model(String key) {
        return catalog.find(key).orElseThrow(() -> new LoadFailedException(LoadError.MODEL_NOT_FOUND, key,
                "Model " + key + " not found in downloaded models"));
    }

    /**
     * Starts a load. Always a new instance (key, key:2, ...). Throws {@link LoadFailedException} at once when the
     * model is unknown, the identifier is taken, or the guardrail refuses; later failures arrive through the handle.
     */
    public LoadHandle startLoad(String modelKey, LoadSettings requested, boolean jit, LoadListener listener) {
        loadCalls.incrementAndGet();
        CatalogModel model = model(modelKey);
        LoadJob job;
        synchronized (this) {
            String id = requested.identifier() == null ? freeIdentifier(model.key()) : requested.identifier();
            if (requested.identifier() != null && isTaken(id)) {
                throw new LoadFailedException(LoadError.IDENTIFIER_IN_USE, model.key(),
                        "Identifier \"" + id + "\" is already in use by another loaded model.");
            }
            ResolvedLoad load = resolve(model, requested);
            FailureMode failure = failures.take(model.key());
            long budget = settings.memoryBudgetBytes();
            if (failure == FailureMode.INSUFFICIENT_MEMORY || usedBytes() + load.memory().totalBytes() > budget) {
                throw new LoadFailedException(LoadError.INSUFFICIENT_MEMORY, model.key(),
                        GuardrailText.insufficientResources(load.memory().totalBytes()));
            }
            double speedFactor = 0.95 + random.nextDouble() * 0.1;
            job = new LoadJob(this, id, model, load, jit, failure, listener, speedFactor);
            loading.put(id, job);
            highWaterMarks.loadStarted(loading.size());
        }
        if (jit) counters.jitLoadStarted();
        listener.started(job);
        long expectedMillis = (long) (model.sizeBytes() / GB * settings.loadSecondsPerGb() * 1000);
        long period = Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, expectedMillis / 100));
        job.ticking = ticker.scheduleAtFixedRate(() -> tick(job), 0, period, TimeUnit.MILLISECONDS);
        return job;
    }

    /** Unloads one instance. Returns false when no instance has that identifier. */
    public boolean unload(String identifier) {
        synchronized (this) {
            if (instances.remove(identifier) == null) return false;
            counters.unloaded(identifier);
            return true;
        }
    }

    /** Records an inference on the instance (resets the idle TTL timer). */
    public synchronized void touch(String identifier) {
        InstanceState s = instances.get(identifier);
        if (s != null) s.lastUsedTime = clock.millis();
    }

    /**
     * A request starts using the instance: it is "generating" (or another busy status); requests beyond its
     * {@code parallel} slots count as queued. Pair with {@link #endWork}.
     */
    public synchronized void beginWork(String identifier, String busyStatus) {
        counters.begin(identifier);
        InstanceState s = instances.get(identifier);
        if (s == null) return;
        s.active++;
        s.status = busyStatus;
        s.queued = Math.max(0, s.active - s.load.parallel());
    }

    /** A request finished with the instance; it is idle again when none remain. */
    public synchronized void endWork(String identifier) {
        counters.end(identifier);
        InstanceState s = instances.get(identifier);
        if (s == null) return;
        s.active = Math.max(0, s.active - 1);
        s.queued = Math.max(0, s.active - s.load.parallel());
        if (s.active == 0) s.status = "idle";
        s.lastUsedTime = clock.millis();
    }

    public MemoryEstimate estimate(String modelKey, LoadSettings requested) {
        CatalogModel model = model(modelKey);
        synchronized (this) {
            return resolve(model, requested).memory();
        }
    }

    /** Unloads instances whose idle TTL ran out (checked against the injectable clock). */
    public void expireIdleInstances() {
        long now = clock.millis();
        synchronized (this) {
            instances.values().removeIf(s -> s.ttlMs != null && "idle".equals(s.status)
                    && now - (s.lastUsedTime != null ? s.lastUsedTime : s.loadedAtMillis) >= s.ttlMs);
        }
    }

    synchronized boolean isTaken(String identifier) {
        return instances.containsKey(identifier) || loading.containsKey(identifier);
    }

    private String freeIdentifier(String key) {
        if (!isTaken(key)) return key;
        for (int n = 2; ; n++) {
            if (!isTaken(key + ":" + n)) return key + ":" + n;
        }
    }

    private long usedBytes() {
        long used = 0;
        for (InstanceState s : instances.values()) used += s.memoryBytes;
        for (LoadJob j : loading.values()) used += j.load.memory().totalBytes();
        return used;
    }

    private ResolvedLoad resolve(CatalogModel model, LoadSettings requested) {
        Integer limit = settings.contextLengthLimit();
        int asked = requested.contextLength() != null ? requested.contextLength() : model.defaultContextLength();
        LoadSettings load = limit != null && asked > limit ? requested.withContextLength(limit) : requested;
        return ResolvedLoad.of(model, load, usedBytes(), settings.memoryBudgetBytes());
    }

    private void tick(LoadJob job) {
        double progress;
        boolean crashed;
        synchronized (this) {
            if (loading.get(job.identifier) != job) return;
            long now = System.nanoTime();
            double secondsForWhole = job.model.sizeBytes() / GB * settings.loadSecondsPerGb() * job.speedFactor;
            double step = secondsForWhole <= 0 ? 1 : (now - job.lastTickNanos) / 1e9 / secondsForWhole;
            job.lastTickNanos = now;
            double next = Math.min(1, job.progress + step);
            if (job.failure == FailureMode.HANG) next = Math.min(next, 0.999);
            crashed = job.failure == FailureMode.ENGINE_CRASH && next >= 0.55;
            if (crashed) {
                finish(job);
            } else {
                if (next <= job.progress) return;
                job.progress = next;
            }
            progress = next;
        }
        if (crashed) {
            // Completed outside the lock: completion callbacks write to sockets.
            job.result.completeExceptionally(new LoadFailedException(LoadError.ENGINE_CRASH, job.model.key(),
                    "Error loading model. (Exit code: null). The engine process crashed (signal SIGABRT). "
                            + "Try a different model and/or config."));
            return;
        }
        job.listener.progress(progress);
        if (progress >= 1) complete(job);
    }

    private void complete(LoadJob job) {
        Instance done;
        synchronized (this) {
            if (loading.get(job.identifier) != job) return;
            finish(job);
            double seconds = Math.round((System.nanoTime() - job.startNanos) / 1e6) / 1000d;
            InstanceState s = new InstanceState(job.identifier, job.model.key(), newReference(), job.load, job.jit,
                    clock.millis(), seconds);
            instances.put(s.identifier, s);
            highWaterMarks.instanceAdded(instances.values(), s.modelKey);
            done = s.snapshot();
        }
        for (Consumer<Instance> observer : loadedObservers) {
            observer.accept(done);
        }
        job.result.complete(done);
    }

    /**
     * Calls {@code observer} on the loading thread the moment a load finishes (the instance is listed, its
     * caller not yet answered), for in-process users that time loads. Returns what removes it again.
     */
    public Runnable onLoaded(Consumer<Instance> observer) {
        loadedObservers.add(observer);
        return () -> loadedObservers.remove(observer);
    }

    void cancel(LoadJob job) {
        synchronized (this) {
            if (loading.get(job.identifier) != job) return;
            finish(job);
        }
        job.result.completeExceptionally(new LoadFailedException(LoadError.CANCELLED, job.model.key(),
                "Model loading was cancelled."));
    }

    private void finish(LoadJob job) {
        loading.remove(job.identifier);
        if (job.ticking != null) job.ticking.cancel(false);
    }

    private String newReference() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        List<LoadJob> pending;
        synchronized (this) {
            pending = new ArrayList<>(loading.values());
            loading.clear();
        }
        for (LoadJob j : pending) {
            j.result.completeExceptionally(new LoadFailedException(LoadError.SHUT_DOWN, j.model.key(),
                    "The server is shutting down."));
        }
        ticker.shutdownNow();
    }
}
