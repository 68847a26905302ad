package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.model.ChatCompletion;

/**
 * Receives a streamed chat as it arrives, token by token. Called on one client thread, in order.
 * Exactly one of {@link #onComplete} and {@link #onError} is called at the end.
 */
public interface ChatListener {

    /** A piece of the assistant's answer (usually one token). */
    void onToken(String text);

    /** A piece of the model's reasoning (gpt-oss style), when the model sends it separately. */
    default void onReasoning(String text) {
    }

    /** The stream ended normally. */
    default void onComplete(ChatCompletion completion) {
    }

    /** The stream failed or was cancelled ({@link io.lmdeck.lmstudio.client.errors.CancelledException}). */
    default void onError(LmStudioException error) {
    }
}
