package io.lmdeck.bench;

import io.lmdeck.lmstudio.client.LmStudioClient;
import io.lmdeck.lmstudio.client.LoadProgressListener;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * 2. Wall time of a load through lmdeck (POST load until the SSE client reads {@code model_loading_complete})
 * against the same load sent straight to a simulator (lmstudio-client over the SDK websocket, as lmdeck does).
 * Two simulators with the same seed draw the same load-speed jitter in the same order, so each direct load is
 * paired with an lmdeck load of identical simulated length and the ratio is taken per pair.
 */
final class LoadOverheadBench implements Benchmark {
    private static final int WARMUP = 2;
    private static final int ROUNDS = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String describe() {
        return "a load through lmdeck vs. the same load directly against the simulator";
    }

    @Override
    public List<Figure> run(BenchSession session) throws Exception {
        Samples direct = new Samples();
        Samples viaLmdeck = new Samples();
        Samples ratios = new Samples();
        try (LmStudioSimulator directSim = BenchRig.simulator().start();
             LmStudioClient client = LmStudioClient.builder().baseUrl(URI.create(directSim.baseUrl())).build();
             BenchRig rig = BenchRig.start();
             EventTap tap = new EventTap(rig.lmdeck().port())) {
            directSim.control().loadSecondsPerGb(1.0);
            rig.sim().control().loadSecondsPerGb(1.0);
            client.probe();
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                long start = System.nanoTime();
                LoadedInstance instance = client.load(ModelLoadRequest.builder(BenchRig.MODEL).build(),
                        new LoadProgressListener() { }).result().join();
                double directMs = Samples.millisSince(start, System.nanoTime());
                client.unload(instance.instanceId());

                BenchRig.TimedLoad load = rig.timedLoad(BenchRig.MODEL, WAIT);
                EventTap.Received complete = tap.await(f -> "model_loading_complete".equals(f.event())
                        && f.data().contains(load.operationId()), WAIT);
                start = load.postedNanos();
                double lmdeckMs = Samples.millisSince(start, complete.nanos());
                if (round >= WARMUP) {
                    direct.add(directMs);
                    viaLmdeck.add(lmdeckMs);
                    ratios.add(lmdeckMs / directMs);
                }
            }
            rig.unloadEverything(WAIT);
        }
        String note = String.format(Locale.ROOT, "%d paired loads of %s (0.8 GB at 1 s/GB simulated); ratio = median "
                + "of per-pair lmdeck/direct (p99 of the pair ratios %.3f); lmdeck adds %.1f ms at the median",
                ROUNDS, BenchRig.MODEL, ratios.p99(), viaLmdeck.median() - direct.median());
        return List.of(Figure.of(name(), "load wall time via lmdeck", "ms", viaLmdeck)
                .comparedWith(direct.median(), ratios.median())
                .target("ratio <= 1.02", ratios.median() <= 1.02)
                .note(note));
    }
}
