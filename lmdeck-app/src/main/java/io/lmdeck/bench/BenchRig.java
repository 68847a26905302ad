package io.lmdeck.bench;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * What most benchmarks run against: the LM Studio simulator in this JVM (so its state can be watched without
 * asking it over HTTP) and a real lmdeck server in a child JVM connected to it, both on loopback.
 */
final class BenchRig implements AutoCloseable {
    /** The smallest chat model of the demo catalogue (0.8 GB). */
    static final String MODEL = "google/gemma-3-1b";
    /** A 0.8 GB model then loads in about 0.2 s: many loads fit in the bench's time budget. */
    static final double LOAD_SECONDS_PER_GB = 0.25;
    /** 200 tokens/s, faster than local models stream, so proxy overhead is not hidden behind slow generation. */
    static final long TOKEN_DELAY_MS = 5;

    private final LmStudioSimulator sim;
    private final LmdeckProcess lmdeck;
    private final LmdeckApi api;

    private BenchRig(LmStudioSimulator sim, LmdeckProcess lmdeck) {
        this.sim = sim;
        this.lmdeck = lmdeck;
        this.api = new LmdeckApi(lmdeck.url());
    }

    static BenchRig start() throws IOException, InterruptedException {
        LmStudioSimulator sim = simulator().start();
        LmdeckProcess lmdeck = null;
        try {
            lmdeck = LmdeckProcess.serve(URI.create(sim.baseUrl()));
            lmdeck.awaitHealthy(Duration.ofSeconds(60));
            BenchRig rig = new BenchRig(sim, lmdeck);
            rig.awaitOnline(Duration.ofSeconds(30));
            return rig;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (lmdeck != null) {
                lmdeck.close();
            }
            sim.close();
            throw e;
        }
    }

    /** A simulator on a free loopback port with the bench's speeds; same seed, so two of them behave alike. */
    static LmStudioSimulator simulator() {
        return LmStudioSimulator.builder().host("127.0.0.1").port(0).loadSecondsPerGb(LOAD_SECONDS_PER_GB)
                .tokenDelayMillis(TOKEN_DELAY_MS).seed(42).build();
    }

    LmStudioSimulator sim() {
        return sim;
    }

    LmdeckProcess lmdeck() {
        return lmdeck;
    }

    LmdeckApi api() {
        return api;
    }

    /** Waits until lmdeck reports LM Studio online (its first read of LM Studio is done). */
    void awaitOnline(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!api.status().path("online").asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("lmdeck did not see the simulator online within " + timeout + ":\n" + lmdeck.logTail());
            }
            LmdeckProcess.pause(Duration.ofMillis(20));
        }
    }

    /** Unloads everything through lmdeck and waits until the simulator has nothing loaded. */
    void unloadEverything(Duration timeout) throws IOException, InterruptedException {
        if (sim.control().instances().isEmpty()) {
            return;
        }
        api.unloadAll();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!sim.control().instances().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("models still loaded " + timeout + " after unload all");
            }
            LmdeckProcess.pause(Duration.ofMillis(5));
        }
    }

    @Override
    public void close() {
        lmdeck.close();
        sim.close();
    }
}
