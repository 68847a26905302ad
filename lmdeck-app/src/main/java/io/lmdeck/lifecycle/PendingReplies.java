package io.lmdeck.lifecycle;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The shell's side of request ids: the callers waiting for a {@link Reply}, by request id (the core only ever sees
 * the id). An answer for an id no longer here (its caller gave up) is dropped, except a lease grant, which
 * {@code unclaimedGrant} returns.
 */
final class PendingReplies {
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Object>> waiting = new ConcurrentHashMap<>();
    private final Consumer<Command.LeaseGrant> unclaimedGrant;

    PendingReplies(Consumer<Command.LeaseGrant> unclaimedGrant) {
        this.unclaimedGrant = unclaimedGrant;
    }

    /** A fresh request id. */
    long next() {
        return ids.incrementAndGet();
    }

    /** The future {@link #give} completes for {@code requestId}. */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> expect(long requestId) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        waiting.put(requestId, future);
        return (CompletableFuture<T>) (CompletableFuture<?>) future;
    }

    /** The caller stopped waiting. */
    void forget(long requestId) {
        waiting.remove(requestId);
    }

    void give(Reply reply) {
        CompletableFuture<Object> future = waiting.remove(reply.requestId());
        boolean taken = future != null && (reply instanceof Reply.Answer answer ? future.complete(answer.value())
                : future.completeExceptionally(((Reply.Refusal) reply).error()));
        if (!taken && reply instanceof Reply.Answer answer && answer.value() instanceof Command.LeaseGrant grant) {
            unclaimedGrant.accept(grant);
        }
    }
}
