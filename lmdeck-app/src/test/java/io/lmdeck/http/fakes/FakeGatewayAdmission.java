package io.lmdeck.http.fakes;

import io.lmdeck.lifecycle.ErrorCode;
import io.lmdeck.lifecycle.GatewayRequest;
import io.lmdeck.lifecycle.GatewayRequestView;
import io.lmdeck.lifecycle.GatewaySlot;
import io.lmdeck.lifecycle.LifecycleException;
import io.lmdeck.lifecycle.LoadingView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link FakeLifecycle}'s gateway admission, as the contract describes it in small: a slot per request on the
 * model's (pretend) instance, at most {@link #parallel} at once, the rest in the model's FIFO queue; requests for a
 * model that is loading wait for the load and get its progress; a failed load fails them all; a cancelled future
 * leaves the queue at once; one that cannot start within its wait gets MODEL_UNAVAILABLE.
 */
public final class FakeGatewayAdmission {
    /** Slots per instance; LM Studio's default. */
    public volatile int parallel = 4;
    private final List<Waiting> queue = new ArrayList<>();
    private final Map<String, Slot> running = new LinkedHashMap<>();
    private final Map<String, String> instances = new LinkedHashMap<>(); // model → the instance its slots are on
    private final Map<String, LoadingView> loads = new LinkedHashMap<>();
    private int highWater;

    private record Waiting(GatewayRequest request, Consumer<LoadingView> whileWaiting,
                           CompletableFuture<GatewaySlot> future) {
    }

    /** Called with the lifecycle's lock held: {@code instance} is the model's loaded instance or null. */
    synchronized CompletableFuture<GatewaySlot> admit(GatewayRequest request, Duration maxWait,
                                                      Consumer<LoadingView> whileWaiting, String instance,
                                                      LoadingView load) {
        CompletableFuture<GatewaySlot> future = new CompletableFuture<>();
        if (instance != null) instances.put(request.modelId(), instance);
        if (load != null) loads.put(request.modelId(), load);
        Waiting w = new Waiting(request, whileWaiting, future);
        queue.add(w);
        grant(request.modelId());
        if (!future.isDone()) {
            if (load != null) whileWaiting.accept(load);
            future.whenComplete((slot, error) -> dropped(w));
            Executor later = CompletableFuture.delayedExecutor(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            later.execute(() -> {
                if (dropped(w)) {
                    future.completeExceptionally(new LifecycleException(ErrorCode.MODEL_UNAVAILABLE,
                            request.modelId() + " could not start within " + maxWait.toSeconds() + " s",
                            Duration.ofSeconds(3)));
                }
            });
        }
        return future;
    }

    synchronized void progress(LoadingView load) {
        loads.put(load.modelId(), load);
        for (Waiting w : queue) {
            if (w.request().modelId().equals(load.modelId())) w.whileWaiting().accept(load);
        }
    }

    synchronized void loaded(String modelId, String instanceId) {
        loads.remove(modelId);
        instances.put(modelId, instanceId);
        grant(modelId);
    }

    synchronized void loadFailed(String modelId, String reason) {
        loads.remove(modelId);
        for (Waiting w : List.copyOf(queue)) {
            if (w.request().modelId().equals(modelId)) {
                queue.remove(w);
                w.future().completeExceptionally(new LifecycleException(ErrorCode.LOAD_FAILED, reason));
            }
        }
    }

    /** Caller holds this: starts queued requests of {@code modelId} while its instance has free slots. */
    private void grant(String modelId) {
        String instance = instances.get(modelId);
        if (instance == null || loads.containsKey(modelId)) return;
        for (Waiting w : List.copyOf(queue)) {
            if (!w.request().modelId().equals(modelId)) continue;
            if (busy(instance) >= parallel) return;
            queue.remove(w);
            Slot slot = new Slot(w.request(), instance, Instant.now());
            running.put(w.request().requestId(), slot);
            highWater = Math.max(highWater, running.size());
            if (!w.future().complete(slot)) slot.close(); // cancelled meanwhile
        }
    }

    private long busy(String instance) {
        return running.values().stream().filter(s -> s.instanceId.equals(instance)).count();
    }

    private synchronized boolean dropped(Waiting w) {
        return queue.remove(w);
    }

    private synchronized void released(Slot slot) {
        if (running.remove(slot.request.requestId()) != null) grant(slot.request.modelId());
    }

    public synchronized List<GatewayRequestView> views() {
        List<GatewayRequestView> out = new ArrayList<>();
        for (Slot s : running.values()) {
            GatewayRequest r = s.request;
            out.add(new GatewayRequestView(r.requestId(), r.modelId(), "default", r.endpoint(), "running", null,
                    r.receivedAt(), s.startedAt, r.client()));
        }
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (Waiting w : queue) {
            GatewayRequest r = w.request();
            int position = positions.merge(r.modelId(), 1, Integer::sum);
            out.add(new GatewayRequestView(r.requestId(), r.modelId(), "default", r.endpoint(),
                    loads.containsKey(r.modelId()) ? "loading" : "queued", position, r.receivedAt(), null, r.client()));
        }
        out.sort((a, b) -> a.queuedAt().compareTo(b.queuedAt()));
        return out;
    }

    /** Takes every running slot back with {@code reason}, as the lifecycle does at the drain timeout. */
    public void revokeAll(String reason) {
        List<Slot> slots;
        synchronized (this) {
            slots = List.copyOf(running.values());
            running.clear();
        }
        slots.forEach(s -> s.revoked.complete(reason)); // outside the lock, as the owner gives revocations
    }

    /** Slots held right now. */
    public synchronized int runningCount() {
        return running.size();
    }

    /** Requests waiting right now. */
    public synchronized int queuedCount() {
        return queue.size();
    }

    /** The most slots ever held at once. */
    public synchronized int highWater() {
        return highWater;
    }

    private final class Slot implements GatewaySlot {
        final GatewayRequest request;
        final String instanceId;
        final Instant startedAt;
        final CompletableFuture<String> revoked = new CompletableFuture<>();

        Slot(GatewayRequest request, String instanceId, Instant startedAt) {
            this.request = request;
            this.instanceId = instanceId;
            this.startedAt = startedAt;
        }

        @Override
        public String requestId() {
            return request.requestId();
        }

        @Override
        public String modelId() {
            return request.modelId();
        }

        @Override
        public String instanceId() {
            return instanceId;
        }

        @Override
        public CompletableFuture<String> revoked() {
            return revoked;
        }

        @Override
        public void close() {
            released(this);
        }
    }
}
