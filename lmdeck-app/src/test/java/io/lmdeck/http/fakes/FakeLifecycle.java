package io.lmdeck.http.fakes;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventPublisher;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.ChatLease;
import io.lmdeck.lifecycle.ErrorCode;
import io.lmdeck.lifecycle.GatewayRequest;
import io.lmdeck.lifecycle.GatewayRequestView;
import io.lmdeck.lifecycle.GatewaySlot;
import io.lmdeck.lifecycle.InstanceView;
import io.lmdeck.lifecycle.LastError;
import io.lmdeck.lifecycle.LifecycleException;
import io.lmdeck.lifecycle.LmStudioStatus;
import io.lmdeck.lifecycle.LoadRequest;
import io.lmdeck.lifecycle.LoadTicket;
import io.lmdeck.lifecycle.LoadedBy;
import io.lmdeck.lifecycle.LoadingView;
import io.lmdeck.lifecycle.MemoryView;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.lifecycle.ModelState;
import io.lmdeck.lifecycle.ModelType;
import io.lmdeck.lifecycle.LmStudioPort;
import io.lmdeck.lifecycle.ModelView;
import io.lmdeck.lifecycle.OperationOutcome;
import io.lmdeck.lifecycle.OperationResult;
import io.lmdeck.lifecycle.ServiceStatus;
import io.lmdeck.lifecycle.UnloadRequest;
import io.lmdeck.lifecycle.UnloadResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A scripted ModelLifecycle: the test drives loads (progress, complete, fail) and connectivity. */
public final class FakeLifecycle implements ModelLifecycle {
    public static final String QWEN = "qwen/qwen3-4b";
    public static final String LLAMA = "meta/llama-3-8b";

    private final EventPublisher events;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, ModelType> types = new LinkedHashMap<>();
    /** The gateway's side: slots, queues and waiting on loads. */
    public final FakeGatewayAdmission gateway = new FakeGatewayAdmission();
    private final java.util.Set<String> gatewayLoads = new java.util.HashSet<>();
    private java.util.function.UnaryOperator<String> instanceNaming = modelId -> modelId + ":1";
    private final Map<String, InstanceView> loaded = new LinkedHashMap<>();
    private final Map<String, OperationResult> finished = new LinkedHashMap<>();
    public final List<String> loadCalls = new CopyOnWriteArrayList<>();
    public final List<UnloadRequest> unloadCalls = new CopyOnWriteArrayList<>();
    /** Requests run on every instance: an unload answers "draining" and leaves them loaded. */
    public volatile boolean leasesRemain;
    public final AtomicInteger openLeases = new AtomicInteger();
    private boolean online = true;
    private String active;
    private LoadingView loading;
    private int ops;

    public FakeLifecycle(EventPublisher events) {
        this.events = events;
        names.put(QWEN, "Qwen3 4B");
        names.put(LLAMA, "Llama 3 8B");
    }

    @Override
    public synchronized Catalog catalog() {
        List<ModelView> models = new ArrayList<>();
        for (Map.Entry<String, String> m : names.entrySet()) {
            models.add(view(m.getKey(), m.getValue()));
        }
        return new Catalog(online, !online, models);
    }

    private ModelView view(String id, String name) {
        List<InstanceView> inst = loaded.values().stream().filter(i -> i.modelId().equals(id)).toList();
        boolean isLoading = loading != null && loading.modelId().equals(id);
        ModelState state = isLoading ? ModelState.LOADING : inst.isEmpty() ? ModelState.NOT_LOADED : ModelState.LOADED;
        return new ModelView(new LmStudioPort.Model(id, name, types.getOrDefault(id, ModelType.LLM), id.split("/")[0], "qwen3", "Q4_K_M", "4B",
                2_500_000_000L, 32768, "gguf", false, true, List.of()), state, isLoading ? loading.progress() : null,
                inst);
    }

    /** Test control: LM Studio has this model downloaded too. */
    public synchronized void addModel(String id, String name, ModelType type) {
        names.put(id, name);
        types.put(id, type);
    }

    /** Test control: how loaded instances are named (by default {@code key:1}; a simulator's first instance is the key). */
    public synchronized void nameInstances(java.util.function.UnaryOperator<String> naming) {
        instanceNaming = naming;
    }

    /** Test control: the model is loaded already (by lmdeck earlier, or another app), without an event. */
    public synchronized void alreadyLoaded(String modelId) {
        String id = instanceNaming.apply(modelId);
        loaded.put(id, new InstanceView(id, modelId, 4096, LoadedBy.EXTERNAL, Instant.now(), 2_500_000_000L));
    }

    @Override
    public CompletableFuture<GatewaySlot> admit(GatewayRequest request, Duration maxWait,
                                                Consumer<LoadingView> whileWaiting) {
        CompletableFuture<GatewaySlot> admitted;
        LoadingView started = null;
        synchronized (this) {
            if (!online) {
                return CompletableFuture.failedFuture(
                        new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline", Duration.ofSeconds(7)));
            }
            if (!names.containsKey(request.modelId())) {
                return CompletableFuture.failedFuture(new LifecycleException(ErrorCode.MODEL_NOT_FOUND,
                        "LM Studio has no downloaded model \"" + request.modelId() + "\""));
            }
            String instance = loaded.values().stream().filter(i -> i.modelId().equals(request.modelId()))
                    .map(InstanceView::instanceId).findFirst().orElse(null);
            if (instance == null && loading == null) {
                String op = "op-" + (++ops);
                loading = new LoadingView(request.modelId(), op, 0.0, 5.0, Instant.now());
                gatewayLoads.add(op);
                loadCalls.add(request.modelId());
                started = loading;
                notifyAll();
            }
            LoadingView load = loading != null && loading.modelId().equals(request.modelId()) ? loading : null;
            admitted = gateway.admit(request, maxWait, whileWaiting, instance, load);
        }
        if (started != null) {
            publish(EventType.MODEL_LOADING_STARTED, started.modelId(), started.operationId(), Cause.API,
                    "LM Studio: Loading " + names.get(started.modelId()) + "…",
                    Map.of("request_id", request.requestId(), "endpoint", request.endpoint()));
        }
        return admitted;
    }

    /** The policies last applied (the presets' pins, TTLs and slots). */
    public volatile java.util.Map<String, io.lmdeck.lifecycle.ModelPolicy> policies = java.util.Map.of();

    @Override
    public void applyPolicies(java.util.Map<String, io.lmdeck.lifecycle.ModelPolicy> byModel) {
        policies = java.util.Map.copyOf(byModel);
    }

    @Override
    public List<GatewayRequestView> gatewayRequests() {
        return gateway.views();
    }

    @Override
    public synchronized LmStudioStatus status() {
        ServiceStatus s = !online ? ServiceStatus.OFFLINE : loading != null ? ServiceStatus.LOADING
                : active != null ? ServiceStatus.READY : ServiceStatus.IDLE;
        ModelView activeView = active == null ? null : view(active, names.get(active));
        return new LmStudioStatus(online, s, "http://127.0.0.1:1234", online ? "0.4.2" : null, online ? "rest_v1" : null,
                activeView, new ArrayList<>(loaded.values()), loading,
                new MemoryView(loaded.size() * 2_500_000_000L, null, 16_000_000_000L, 8_000_000_000L), null, Instant.now());
    }

    @Override
    public LoadTicket load(LoadRequest request) {
        LoadTicket ticket;
        synchronized (this) {
            loadCalls.add(request.modelId());
            if (!online) {
                throw new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline");
            }
            if (!names.containsKey(request.modelId())) {
                throw new LifecycleException(ErrorCode.MODEL_NOT_FOUND,
                        "LM Studio has no downloaded model \"" + request.modelId() + "\"");
            }
            if (loading != null && loading.modelId().equals(request.modelId())) {
                return new LoadTicket(loading.operationId(), request.modelId(), ModelState.LOADING);
            }
            if (request.modelId().equals(active)) {
                return new LoadTicket(null, request.modelId(), ModelState.LOADED);
            }
            String op = "op-" + (++ops);
            loading = new LoadingView(request.modelId(), op, 0.0, 5.0, Instant.now());
            ticket = new LoadTicket(op, request.modelId(), ModelState.LOADING);
            notifyAll();
        }
        publish(EventType.MODEL_LOADING_STARTED, request.modelId(), ticket.operationId(), request.cause(),
                "LM Studio: Loading " + names.get(request.modelId()) + "…", Map.of());
        return ticket;
    }

    /** Test control: the running load reports progress. */
    public void progress(double fraction) {
        LoadingView now;
        synchronized (this) {
            now = new LoadingView(loading.modelId(), loading.operationId(), fraction, 1.0, loading.startedAt());
            loading = now;
            gateway.progress(now);
            notifyAll();
        }
        publish(EventType.MODEL_LOADING_PROGRESS, now.modelId(), now.operationId(), Cause.API,
                "LM Studio: Loading " + names.get(now.modelId()) + "… " + Math.round(fraction * 100) + " %", Map.of("progress", fraction));
    }

    /** Test control: the running load finishes; the model becomes active. */
    public void completeLoad() {
        LoadingView done;
        boolean forGateway;
        synchronized (this) {
            done = loading;
            loading = null;
            forGateway = gatewayLoads.remove(done.operationId());
            if (!forGateway) { // a gateway load does not change the active model, nor swap others out
                active = done.modelId();
                loaded.clear();
            }
            String id = instanceNaming.apply(done.modelId());
            loaded.put(id, new InstanceView(id, done.modelId(), 4096, LoadedBy.LMDECK, Instant.now(), 2_500_000_000L));
            finished.put(done.operationId(), new OperationResult(done.operationId(), done.modelId(), OperationOutcome.COMPLETED, null));
            gateway.loaded(done.modelId(), id);
            notifyAll();
        }
        publish(EventType.MODEL_LOADING_COMPLETE, done.modelId(), done.operationId(), Cause.API,
                "LM Studio: Model Ready (" + names.get(done.modelId()) + ", 1.2 s)", Map.of("duration_ms", 1200));
        if (forGateway) {
            return;
        }
        publish(EventType.ACTIVE_MODEL_CHANGED, done.modelId(), done.operationId(), Cause.API, "Active model: " + names.get(done.modelId()), Map.of());
    }

    /** Test control: the running load fails with {@code code}. */
    public void failLoad(String code) {
        LoadingView failed;
        synchronized (this) {
            failed = loading;
            loading = null;
            finished.put(failed.operationId(), new OperationResult(failed.operationId(), failed.modelId(), OperationOutcome.FAILED,
                    new LastError(code, "failed", failed.modelId(), Instant.now())));
            gatewayLoads.remove(failed.operationId());
            gateway.loadFailed(failed.modelId(), "LM Studio: Failed to load " + names.get(failed.modelId()) + " (" + code + ")");
            notifyAll();
        }
        publish(EventType.MODEL_LOADING_FAILED, failed.modelId(), failed.operationId(), Cause.API,
                "LM Studio: Failed to load " + names.get(failed.modelId()), Map.of("code", code));
    }

    public void setOnline(boolean nowOnline) {
        synchronized (this) {
            online = nowOnline;
            notifyAll();
        }
        publish(nowOnline ? EventType.LMSTUDIO_ONLINE : EventType.LMSTUDIO_OFFLINE, null, null, Cause.SYSTEM,
                nowOnline ? "LM Studio: online" : "LM Studio: offline", Map.of());
    }

    /** Test control: an event nobody caused (for event-stream tests). */
    public void publishExternal(String modelId) {
        publish(EventType.MODEL_LOADED_EXTERNALLY, modelId, null, Cause.EXTERNAL, "LM Studio: " + modelId + " loaded by another program", Map.of());
    }

    private void publish(EventType type, String model, String op, Cause cause, String message, Map<String, Object> details) {
        events.publish(LifecycleEvent.draft(type, Instant.now(), model, op, cause, message, details));
    }

    @Override
    public UnloadResult unload(UnloadRequest request) {
        List<String> ids = new ArrayList<>();
        synchronized (this) {
            unloadCalls.add(request);
            if (!online) {
                throw new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline");
            }
            if (request.modelId() != null && !names.containsKey(request.modelId())) {
                throw new LifecycleException(ErrorCode.MODEL_NOT_FOUND,
                        "LM Studio has no model \"" + request.modelId() + "\"");
            }
            if (request.instanceId() != null && !loaded.containsKey(request.instanceId())) {
                throw new LifecycleException(ErrorCode.INSTANCE_NOT_FOUND, "No loaded instance '" + request.instanceId() + "'");
            }
            if (leasesRemain) {
                return new UnloadResult(List.of(), loaded.values().stream().filter(i -> request.all()
                        || i.modelId().equals(request.modelId())).map(i -> i.instanceId()).toList());
            }
            loaded.values().removeIf(i -> {
                boolean hit = request.all() || i.instanceId().equals(request.instanceId()) || i.modelId().equals(request.modelId());
                if (hit) {
                    ids.add(i.instanceId());
                }
                return hit;
            });
            if (active != null && loaded.values().stream().noneMatch(i -> i.modelId().equals(active))) {
                active = null;
            }
        }
        for (String id : ids) {
            publish(EventType.MODEL_UNLOADED, id.split(":")[0], null, request.cause(), "LM Studio: unloaded " + id, Map.of());
        }
        return new UnloadResult(ids);
    }

    @Override
    public OperationResult cancel(String operationId) {
        LoadingView cancelled;
        synchronized (this) {
            if (finished.containsKey(operationId)) {
                return finished.get(operationId);
            }
            if (loading == null || !loading.operationId().equals(operationId)) {
                throw new LifecycleException(ErrorCode.OPERATION_NOT_FOUND, "No load operation '" + operationId + "'");
            }
            cancelled = loading;
            loading = null;
            finished.put(operationId, new OperationResult(operationId, cancelled.modelId(), OperationOutcome.CANCELLED,
                    new LastError("cancelled", "Cancelled", cancelled.modelId(), Instant.now())));
            notifyAll();
        }
        publish(EventType.MODEL_LOADING_CANCELLED, cancelled.modelId(), operationId, Cause.API, "LM Studio: load cancelled", Map.of());
        return finished.get(operationId);
    }

    @Override
    public synchronized CompletableFuture<OperationResult> awaitOperation(String operationId) {
        OperationResult r = finished.get(operationId);
        if (r == null) {
            throw new LifecycleException(ErrorCode.OPERATION_NOT_FOUND, "unknown operation");
        }
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public ChatLease acquireChatLease(Duration maxWait, Consumer<LoadingView> whileWaiting) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        LoadingView reported = null;
        while (true) {
            LoadingView report = null;
            synchronized (this) {
                if (!online) {
                    throw new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline", Duration.ofSeconds(7));
                }
                if (loading == null) {
                    if (active == null) {
                        throw new LifecycleException(ErrorCode.NO_ACTIVE_MODEL, "No model is active: load one first");
                    }
                    String model = active;
                    openLeases.incrementAndGet();
                    return new FakeLease(model, loaded.keySet().iterator().next());
                }
                if (!loading.equals(reported)) {
                    report = loading;
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new LifecycleException(ErrorCode.MODEL_UNAVAILABLE, "Still swapping models", Duration.ofSeconds(3));
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            }
            if (report != null) {
                whileWaiting.accept(report);
                reported = report;
            }
        }
    }

    @Override
    public void close() {
    }

    private final class FakeLease implements ChatLease {
        private final String model;
        private final String instance;
        private boolean closed;

        FakeLease(String model, String instance) {
            this.model = model;
            this.instance = instance;
        }

        @Override
        public String modelId() {
            return model;
        }

        @Override
        public String instanceId() {
            return instance;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                openLeases.decrementAndGet();
            }
        }
    }
}
