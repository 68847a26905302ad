package io.lmdeck.lifecycle;

/**
 * Permission to chat with a loaded instance. While any lease is open, a swap does not unload that
 * instance (it drains, bounded). Close it when the reply is finished or the client went away.
 */
public interface ChatLease extends AutoCloseable {
    String modelId();

    /** The LM Studio instance id to put in the OpenAI {@code model} field. */
    String instanceId();

    @Override
    void close();
}
