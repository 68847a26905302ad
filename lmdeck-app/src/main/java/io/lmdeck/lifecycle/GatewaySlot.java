package io.lmdeck.lifecycle;

/**
 * A gateway request's hold on a loaded instance: one of its {@code parallel} slots and a lease, from the moment it
 * is admitted until its last byte. While any slot is held the instance is never unloaded, evicted or swapped out
 * (an unload asked meanwhile drains). Close it when the reply is finished or the client went away (idempotent).
 */
public interface GatewaySlot extends AutoCloseable {
    String requestId();

    String modelId();

    /** The LM Studio instance identifier to put in the forwarded body's {@code model} field. */
    String instanceId();

    /**
     * Completes with the reason when the slot ended under the request: the instance was unloaded anyway at the drain
     * timeout, or went away. The request should end with an error frame that says so. Never completes otherwise.
     */
    default java.util.concurrent.CompletableFuture<String> revoked() {
        return new java.util.concurrent.CompletableFuture<>();
    }

    @Override
    void close();
}
