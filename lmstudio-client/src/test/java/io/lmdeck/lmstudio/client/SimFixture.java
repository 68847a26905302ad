package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.lmstudio.sim.SimulatorBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/** A simulator on a free loopback port and a client pointed at it; closes both. */
final class SimFixture implements AutoCloseable {
    final LmStudioSimulator sim;
    final LmStudioClient client;

    private SimFixture(LmStudioSimulator sim, LmStudioClient client) {
        this.sim = sim;
        this.client = client;
    }

    static SimFixture start() {
        return start(b -> { }, b -> { });
    }

    static SimFixture start(Consumer<SimulatorBuilder> simConfig, Consumer<LmStudioClient.Builder> clientConfig) {
        SimulatorBuilder simBuilder = LmStudioSimulator.builder().host("127.0.0.1").port(0).loadSecondsPerGb(0.4)
                .tokenDelayMillis(5);
        simConfig.accept(simBuilder);
        LmStudioSimulator sim = simBuilder.build().start();
        LmStudioClient.Builder clientBuilder = LmStudioClient.builder().baseUrl(URI.create(sim.baseUrl()))
                .connectTimeout(Duration.ofSeconds(2))
                .readRetries(2, Duration.ofMillis(50));
        clientConfig.accept(clientBuilder);
        return new SimFixture(sim, clientBuilder.build());
    }

    /** A client for the same simulator with other settings (closed with the fixture's simulator by the caller). */
    LmStudioClient otherClient(Consumer<LmStudioClient.Builder> clientConfig) {
        LmStudioClient.Builder b = LmStudioClient.builder().baseUrl(URI.create(sim.baseUrl()))
                .connectTimeout(Duration.ofSeconds(2)).readRetries(0, Duration.ofMillis(50));
        clientConfig.accept(b);
        return b.build();
    }

    /** The exception a future failed with (waits for it to finish). */
    static Throwable failureOf(CompletableFuture<?> future) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(future::isDone);
        try {
            Object value = future.join();
            throw new AssertionError("expected a failure but got " + value);
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}
