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
    private int staleRetries;

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

    /** A load through lmdeck: its operation, when it was posted, when the simulator finished it. */
    record TimedLoad(String operationId, long postedNanos, long finishedNanos) {
    }

    /**
     * Unloads everything, then loads {@code model} through lmdeck and waits until the simulator has finished it.
     * When lmdeck answers "already loaded" (it applied a read of LM Studio taken before the unload, and believes
     * the model is still there until its next read), that attempt is not a load: it waits and tries again, and
     * counts it in {@link #staleRetries()}.
     */
    TimedLoad timedLoad(String model, Duration timeout) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            unloadEverything(timeout);
            awaitNotLoadedInLmdeck(model, timeout);
            LoadFinishWatch watch = LoadFinishWatch.start(sim, model);
            long posted = System.nanoTime();
            var answer = api.load(model);
            if ("loading".equals(answer.path("state").asText())) {
                return new TimedLoad(answer.path("operation_id").asText(), posted, watch.await(timeout));
            }
            watch.cancel();
            staleRetries++;
        }
        throw new IOException("lmdeck kept answering that " + model + " is loaded while LM Studio had nothing loaded");
    }

    /** Loads lmdeck answered "already loaded" from a stale read of LM Studio (see {@link #timedLoad}). */
    int staleRetries() {
        return staleRetries;
    }

    private void awaitNotLoadedInLmdeck(String model, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (api.status().path("loaded").toString().contains("\"" + model + "\"")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("lmdeck still lists " + model + " as loaded " + timeout + " after LM Studio unloaded it");
            }
            LmdeckProcess.pause(Duration.ofMillis(20));
        }
    }

    @Override
    public void close() {
        lmdeck.close();
        sim.close();
    }
}
