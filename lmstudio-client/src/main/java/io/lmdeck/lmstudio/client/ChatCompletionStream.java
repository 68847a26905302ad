package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.ChatCompletion;

import java.util.concurrent.CompletableFuture;

/** A streamed chat in progress. Closing or cancelling it stops the upstream HTTP request. */
public interface ChatCompletionStream extends AutoCloseable {

    /** Completes with the whole answer, or exceptionally with an {@link io.lmdeck.lmstudio.client.errors.LmStudioException}. */
    CompletableFuture<ChatCompletion> completion();

    /** Stops reading and aborts the request to LM Studio; the listener gets a CancelledException. No effect once done. */
    void cancel();

    /** Same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
