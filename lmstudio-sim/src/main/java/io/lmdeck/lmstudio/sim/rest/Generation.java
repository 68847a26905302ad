package io.lmdeck.lmstudio.sim.rest;

import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * One inference request's use of an instance, from the moment it has one until its last byte: counted in flight
 * (see {@link io.lmdeck.lmstudio.sim.engine.RequestCounters}), streamed token by token at the simulator's pace,
 * and stopped as soon as the client goes away or the instance is unloaded under it.
 */
final class Generation implements AutoCloseable {
    /** How a streamed generation ended. */
    enum Outcome { FINISHED, CLIENT_GONE, UNLOADED }

    private final ModelEngine engine;
    private final String identifier;

    private Generation(ModelEngine engine, String identifier) {
        this.engine = engine;
        this.identifier = identifier;
    }

    /** Marks the instance busy ({@code "generating"}, {@code "computingEmbedding"}); close to free it. */
    static Generation begin(ModelEngine engine, Instance instance, String busyStatus) {
        engine.beginWork(instance.identifier(), busyStatus);
        return new Generation(engine, instance.identifier());
    }

    /**
     * Emits each token (one flushed frame each) with the configured delay between them. Stops early, without
     * emitting more, when the client disconnected or the instance was unloaded.
     */
    Outcome stream(List<String> tokens, SseResponse events, Consumer<String> emit) {
        long delayNanos = engine.settings().tokenDelayMillis() * 1_000_000L;
        for (String token : tokens) {
            if (events.broken()) return Outcome.CLIENT_GONE;
            if (engine.instance(identifier).isEmpty()) return Outcome.UNLOADED;
            emit.accept(token);
            if (delayNanos > 0) LockSupport.parkNanos(delayNanos);
        }
        return events.broken() ? Outcome.CLIENT_GONE : Outcome.FINISHED;
    }

    @Override
    public void close() {
        engine.endWork(identifier);
    }
}
