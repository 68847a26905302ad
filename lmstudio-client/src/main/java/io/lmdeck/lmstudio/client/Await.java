package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ProtocolException;
import io.lmdeck.lmstudio.client.rest.HttpJson;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Blocking on the transports' futures, with failures turned back into the client's exceptions. */
final class Await {
    private Await() {
    }

    static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CancelledException("interrupted while waiting for LM Studio");
        } catch (ExecutionException | CancellationException e) {
            throw failure(e);
        }
    }

    static LmStudioException failure(Throwable failure) {
        Throwable cause = HttpJson.unwrap(failure);
        if (cause instanceof LmStudioException) {
            return (LmStudioException) cause;
        }
        if (cause instanceof CancellationException) {
            return new CancelledException("the request to LM Studio was cancelled");
        }
        return new ProtocolException("unexpected failure talking to LM Studio: " + cause, 0, cause);
    }
}
