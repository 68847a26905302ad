package io.lmdeck.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The shell's side of gateway admission: turns the core's {@link Command.SlotGrant} into a {@link GatewaySlot},
 * withdraws a request whose future was cancelled (client gone) or whose slot was closed, tells a slot why it was
 * revoked, and reports load progress to the requests waiting for their model.
 */
final class GatewayAdmissions {
    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();
    private final Map<Long, Watch> watching = new ConcurrentHashMap<>();
    /** Runs a command in turn, on the calling thread: freeing a place or slot takes effect at once. */
    private final Consumer<Command> process;
    private final PendingReplies replies;
    private final Clock clock;

    /** Read on the caller's thread at admission: no I/O in the turn. */
    private final GatewayPresets presets;

    GatewayAdmissions(Consumer<Command> process, PendingReplies replies, Clock clock, GatewayPresets presets) {
        this.process = process;
        this.replies = replies;
        this.clock = clock;
        this.presets = presets;
    }

    /** See {@link ModelLifecycle#admit}: decided on the caller's thread, answered when the request gets a slot. */
    CompletableFuture<GatewaySlot> admit(GatewayRequest request, Duration maxWait, Consumer<LoadingView> whileWaiting) {
        long id = replies.next();
        CompletableFuture<Command.SlotGrant> reply = replies.expect(id);
        CompletableFuture<GatewaySlot> slot = expect(id, request, reply, whileWaiting);
        LoadRequest load = presets.withDefaults(GatewayTransitions.bareLoad(request.modelId()));
        process.accept(new Command.Admit(id, request, LoadAdmission.newOperationId(), clock.instant().plus(maxWait),
                load));
        return slot;
    }

    /** The caller's future for the admission waiting under {@code id}; {@code reply} is the core's answer. */
    private CompletableFuture<GatewaySlot> expect(long id, GatewayRequest request,
                                                  CompletableFuture<Command.SlotGrant> reply,
                                                  Consumer<LoadingView> whileWaiting) {
        CompletableFuture<GatewaySlot> result = new CompletableFuture<>();
        watching.put(id, new Watch(request.modelId(), whileWaiting));
        reply.whenComplete((grant, error) -> {
            watching.remove(id);
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            Slot slot = new Slot(grant, request.requestId());
            slots.put(id, slot);
            if (!result.complete(slot)) { // cancelled meanwhile: the client is gone
                slot.close();
            }
        });
        result.whenComplete((slot, error) -> {
            if (result.isCancelled()) {
                watching.remove(id);
                replies.forget(id); // never answered now: a slot granted meanwhile is freed by the withdrawal
                process.accept(new Command.Withdraw(id));
            }
        });
        return result;
    }

    void revoke(Effect.Revoke revoke) {
        Slot slot = slots.remove(revoke.requestId());
        if (slot != null) {
            slot.revoked.complete(revoke.reason());
        }
    }

    /** After a command: the requests waiting for the model being loaded get its progress when it moved. */
    void report(LoadingView loading) {
        if (loading == null || watching.isEmpty()) {
            return;
        }
        watching.values().forEach(watch -> watch.report(loading));
    }

    private static final class Watch {
        private final String modelId;
        private final Consumer<LoadingView> whileWaiting;
        private LoadingView reported;

        Watch(String modelId, Consumer<LoadingView> whileWaiting) {
            this.modelId = modelId;
            this.whileWaiting = whileWaiting;
        }

        synchronized void report(LoadingView loading) {
            if (loading.modelId().equals(modelId) && !Objects.equals(loading, reported) && whileWaiting != null) {
                reported = loading;
                whileWaiting.accept(loading);
            }
        }
    }

    /** One slot; closing it more than once frees it once. */
    private final class Slot implements GatewaySlot {
        private final Command.SlotGrant grant;
        private final String requestId;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final CompletableFuture<String> revoked = new CompletableFuture<>();

        Slot(Command.SlotGrant grant, String requestId) {
            this.grant = grant;
            this.requestId = requestId;
        }

        @Override
        public String requestId() {
            return requestId;
        }

        @Override
        public String modelId() {
            return grant.modelId();
        }

        @Override
        public String instanceId() {
            return grant.instanceId();
        }

        @Override
        public CompletableFuture<String> revoked() {
            return revoked;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                slots.remove(grant.requestId());
                process.accept(new Command.Withdraw(grant.requestId()));
            }
        }
    }
}
