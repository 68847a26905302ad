package io.lmdeck.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;

/**
 * A scripted in-memory LM Studio: loads and (optionally) unloads complete when the test says. It records
 * every call and the most loads ever in flight at once, and can be loaded/unloaded "by another app".
 */
final class FakeLmStudio implements LmStudioPort {
    private final Map<String, Model> catalogue = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Long> estimates = new LinkedHashMap<>();
    private final List<FakeLoad> loads = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, CompletableFuture<Void>> heldUnloads = new LinkedHashMap<>();
    private final HeldAnswers heldEstimates = new HeldAnswers();
    private boolean offline;
    private boolean cancelSupported = true;
    private boolean reportsProgress = true;
    private boolean holdUnloads;
    private final HeldAnswers heldObservations = new HeldAnswers();
    private int loadsInFlight;
    private int maxLoadsInFlight;
    private int observations;

    synchronized FakeLmStudio model(String key, String displayName, long sizeBytes) {
        catalogue.put(key, new Model(key, displayName, ModelType.LLM, "lmstudio-community", "llama", "Q4_K_M", "8B",
                sizeBytes, 32768, "gguf", false, true, List.of()));
        return this;
    }

    synchronized FakeLmStudio embeddingModel(String key, String displayName, long sizeBytes) {
        catalogue.put(key, new Model(key, displayName, ModelType.EMBEDDING, "nomic", null, "F16", null,
                sizeBytes, 2048, "gguf", false, false, List.of()));
        return this;
    }

    synchronized FakeLmStudio estimate(String key, long bytes) {
        estimates.put(key, bytes);
        return this;
    }

    /** Websocket-like (true) or blocking REST-like loads that cannot be cancelled (false). */
    synchronized void cancelSupported(boolean value) {
        cancelSupported = value;
    }

    synchronized void reportsProgress(boolean value) {
        reportsProgress = value;
    }

    synchronized void holdUnloads(boolean value) {
        holdUnloads = value;
    }

    /** Observations answer only on {@link #releaseObservations()}, with what was true when they were asked. */
    void holdObservations(boolean value) {
        heldObservations.hold(value);
    }

    void releaseObservations() {
        heldObservations.release();
    }

    synchronized void offline(boolean value) {
        offline = value;
    }

    /** Another program loads a model (LM Studio app, lms, JIT). */
    synchronized Instance externallyLoad(String key, Long ttlMs, Instant lastUsedAt) {
        Instance instance = new Instance(nextInstanceId(key), key, 4096, ttlMs, lastUsedAt);
        instances.put(instance.instanceId(), instance);
        return instance;
    }

    synchronized Instance externallyLoad(String key) {
        return externallyLoad(key, null, null);
    }

    synchronized void externallyUnload(String instanceId) {
        instances.remove(instanceId);
    }

    synchronized List<String> loadedInstanceIds() {
        return List.copyOf(instances.keySet());
    }

    synchronized List<FakeLoad> loads() {
        return List.copyOf(loads);
    }

    synchronized FakeLoad lastLoad() {
        return loads.get(loads.size() - 1);
    }

    /** "load:KEY" and "unload:INSTANCE" in call order. */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized int maxLoadsInFlight() {
        return maxLoadsInFlight;
    }

    synchronized int observations() {
        return observations;
    }

    /** Completes the unloads held by {@link #holdUnloads}. */
    void releaseUnloads() {
        List<CompletableFuture<Void>> held;
        synchronized (this) {
            held = List.copyOf(heldUnloads.values());
            heldUnloads.clear();
        }
        held.forEach(future -> future.complete(null));
    }

    @Override
    public synchronized CompletableFuture<Observation> observe() {
        observations++;
        if (offline) {
            return CompletableFuture.failedFuture(
                    new LmStudioPortException(LmStudioPortException.Reason.OFFLINE, "connection refused"));
        }
        List<Model> models = catalogue.values().stream().map(model -> new Model(model.modelId(), model.displayName(),
                model.type(), model.publisher(), model.architecture(), model.quantization(), model.params(),
                model.sizeBytes(), model.maxContextLength(), model.format(), model.vision(), model.toolUse(),
                instances.values().stream().filter(i -> i.modelId().equals(model.modelId())).toList())).toList();
        Observation truth = new Observation(new ServerInfo("0.4.0", "websocket"), models);
        return heldObservations.answer(truth);
    }

    @Override
    public synchronized LoadHandle startLoad(LoadSpec spec, DoubleConsumer onProgress) {
        calls.add("load:" + spec.modelId());
        FakeLoad load = new FakeLoad(spec, onProgress, cancelSupported, reportsProgress);
        loads.add(load);
        loadsInFlight++;
        maxLoadsInFlight = Math.max(maxLoadsInFlight, loadsInFlight);
        if (offline) {
            load.fail(new LmStudioPortException(LmStudioPortException.Reason.OFFLINE, "connection refused"));
        }
        return load;
    }

    @Override
    public CompletableFuture<Void> unload(String instanceId) {
        synchronized (this) {
            calls.add("unload:" + instanceId);
            if (offline) {
                return CompletableFuture.failedFuture(
                        new LmStudioPortException(LmStudioPortException.Reason.OFFLINE, "connection refused"));
            }
            if (instances.remove(instanceId) == null) {
                return CompletableFuture.failedFuture(
                        new LmStudioPortException(LmStudioPortException.Reason.NOT_FOUND, "no such instance"));
            }
            if (holdUnloads) {
                CompletableFuture<Void> held = new CompletableFuture<>();
                heldUnloads.put(instanceId, held);
                return held;
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<OptionalLong> estimateMemory(String modelId, ModelType type, Integer contextLength) {
        Long bytes = estimates.get(modelId);
        OptionalLong answer = bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
        return heldEstimates.answer(answer);
    }

    /** Memory estimates are slow from now on: they answer at {@link #answerEstimates()}. */
    void holdEstimates() {
        heldEstimates.hold(true);
    }

    void answerEstimates() {
        heldEstimates.release();
    }

    private String nextInstanceId(String key) {
        if (!instances.containsKey(key)) {
            return key;
        }
        int n = 2;
        while (instances.containsKey(key + ":" + n)) {
            n++;
        }
        return key + ":" + n;
    }

    /** One load LM Studio is working on; the test decides how it ends. */
    final class FakeLoad implements LoadHandle {
        final LoadSpec spec;
        private final DoubleConsumer onProgress;
        private final boolean cancellable;
        private final boolean progressReported;
        private final CompletableFuture<Instance> result = new CompletableFuture<>();
        private volatile boolean cancelRequested;

        FakeLoad(LoadSpec spec, DoubleConsumer onProgress, boolean cancellable, boolean progressReported) {
            this.spec = spec;
            this.onProgress = onProgress;
            this.cancellable = cancellable;
            this.progressReported = progressReported;
        }

        String modelId() {
            return spec.modelId();
        }

        boolean cancelRequested() {
            return cancelRequested;
        }

        boolean done() {
            return result.isDone();
        }

        void progress(double value) {
            onProgress.accept(value);
        }

        /** LM Studio finishes: the instance exists, then the client hears about it. */
        Instance succeed() {
            Instance instance = land();
            answer(instance);
            return instance;
        }

        /** The instance appears in LM Studio but the client is not told (yet). */
        Instance land() {
            synchronized (FakeLmStudio.this) {
                Instance instance = new Instance(nextInstanceId(spec.modelId()), spec.modelId(),
                        spec.contextLength() == null ? 4096 : spec.contextLength(), null, null);
                instances.put(instance.instanceId(), instance);
                return instance;
            }
        }

        /** The client hears about an instance that already landed. */
        void answer(Instance instance) {
            ended();
            result.complete(instance);
        }

        void fail(LmStudioPortException error) {
            ended();
            result.completeExceptionally(error);
        }

        @Override
        public CompletableFuture<Instance> result() {
            return result;
        }

        @Override
        public boolean cancelSupported() {
            return cancellable;
        }

        @Override
        public boolean reportsProgress() {
            return progressReported;
        }

        @Override
        public void cancel() {
            cancelRequested = true;
            if (cancellable && !result.isDone()) {
                fail(new LmStudioPortException(LmStudioPortException.Reason.CANCELLED, "cancelled"));
            }
        }

        private void ended() {
            synchronized (FakeLmStudio.this) {
                if (!result.isDone()) {
                    loadsInFlight--;
                }
            }
        }
    }
}
