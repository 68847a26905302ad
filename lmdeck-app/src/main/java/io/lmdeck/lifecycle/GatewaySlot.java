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

    @Override
    void close();
}
