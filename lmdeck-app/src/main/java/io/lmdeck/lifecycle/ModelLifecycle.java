package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The one owner of the truth about LM Studio's models: what the HTTP API, the UI (through it),
 * the CLI (through it) and chat use. Reads are immutable snapshots that never block on LM Studio;
 * commands are serialized by the owner, so there are no check-then-act races.
 */
public interface ModelLifecycle extends AutoCloseable {
    Catalog catalog();

    LmStudioStatus status();

    /**
     * Makes {@code request.modelId()} the active model. Joins an identical running load (single flight);
     * never loads a model that is already loaded. The newest selection wins a swap.
     *
     * @throws LifecycleException MODEL_NOT_FOUND, LMSTUDIO_OFFLINE, INVALID_REQUEST, BUSY
     */
    LoadTicket load(LoadRequest request);

    /** @throws LifecycleException MODEL_NOT_FOUND, INSTANCE_NOT_FOUND, LMSTUDIO_OFFLINE */
    UnloadResult unload(UnloadRequest request);

    /** Cancels a queued or running load. @throws LifecycleException OPERATION_NOT_FOUND */
    OperationResult cancel(String operationId);

    /** Completes when the operation ends (immediately for a finished one). @throws LifecycleException OPERATION_NOT_FOUND */
    CompletableFuture<OperationResult> awaitOperation(String operationId);

    /**
     * A lease on the active model for one chat. While a swap is in progress it waits up to
     * {@code maxWait}, reporting the load to {@code whileWaiting}.
     *
     * @throws LifecycleException NO_ACTIVE_MODEL, LMSTUDIO_OFFLINE, MODEL_UNAVAILABLE (with retry-after)
     */
    ChatLease acquireChatLease(Duration maxWait, Consumer<LoadingView> whileWaiting) throws InterruptedException;

    /**
     * Admits one gateway request (contract §6). The future completes with a {@link GatewaySlot} once an instance of
     * the model has a free slot: a model that is not loaded is loaded on demand (the same single-flight operation as
     * {@link #load}, cause {@code gateway}, the request's id and endpoint in the load's event details), without
     * changing the active model; requests beyond the instance's {@code parallel} slots wait
     * in the model's FIFO queue. While it waits for a load, {@code whileWaiting} gets the load's progress (called on
     * the lifecycle's threads each time it moves: it must not block, e.g. hand the view to the request's writer). It
     * completes exceptionally with a {@link LifecycleException}: MODEL_NOT_FOUND, LMSTUDIO_OFFLINE, LOAD_FAILED
     * (LM Studio's reason) for every request waiting on a load that failed, MODEL_UNAVAILABLE when it could not start
     * within {@code maxWait}, MODEL_UNAVAILABLE too when a user unloads the model or cancels its load meanwhile.
     * Cancelling the future (the client went away) drops the request from its queue at once. Gateway loads and slots
     * follow the model's preset (see {@link GatewayPresets}).
     */
    CompletableFuture<GatewaySlot> admit(GatewayRequest request, Duration maxWait, Consumer<LoadingView> whileWaiting);

    /**
     * Each model's pin, TTL and slots from its preset (contract §7), the whole set (models absent have none). Applied
     * at once to the instances already loaded; returns without waiting.
     */
    void applyPolicies(java.util.Map<String, ModelPolicy> byModel);

    /** The queued and running gateway requests, oldest first: an immutable snapshot that never blocks. */
    List<GatewayRequestView> gatewayRequests();

    @Override
    void close();
}
