package io.lmdeck.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * 4. A thousand SSE clients connected at once: for each load, the time from the simulator finishing it until
 * every client has read {@code model_loading_complete}; the per-client delivery delays; lmdeck's RSS with them.
 */
final class FanoutBench implements Benchmark {
    static final int CLIENTS = 1_000;
    private static final int WARMUP = 2;
    private static final int ROUNDS = 10;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public String describe() {
        return CLIENTS + " concurrent SSE clients: time for one event to reach all, p99, server RSS";
    }

    @Override
    public List<Figure> run(BenchSession session) throws Exception {
        BenchRig rig = session.rig();
        rig.unloadEverything(WAIT);
        long rssIdle = rig.lmdeck().rssBytes();
        // Per client: the operation of the last model_loading_complete it read, and when.
        AtomicReferenceArray<Receipt> receipts = new AtomicReferenceArray<>(CLIENTS);
        Samples toAll = new Samples();
        Samples perClient = new Samples();
        long rssWithClients;
        long connectStart = System.nanoTime();
        try (SseSwarm swarm = SseSwarm.connect(rig.lmdeck().port(), CLIENTS, (client, frame, nanos) -> {
            if ("model_loading_complete".equals(frame.event())) {
                receipts.set(client, new Receipt(frame.data(), nanos));
            }
        }, Duration.ofSeconds(60))) {
            double connectMs = Samples.millisSince(connectStart, System.nanoTime());
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                BenchRig.TimedLoad load = rig.timedLoad(BenchRig.MODEL, WAIT);
                String operation = "\"operation_id\":\"" + load.operationId() + "\"";
                long finished = load.finishedNanos();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (missing(receipts, operation) > 0) {
                    if (System.nanoTime() > deadline || swarm.failures() > 0) {
                        throw new IllegalStateException(missing(receipts, operation) + " of " + CLIENTS
                                + " clients never got the event (" + swarm.failures() + " streams failed)");
                    }
                    LmdeckProcess.pause(Duration.ofMillis(5));
                }
                if (round < WARMUP) {
                    continue;
                }
                long latest = 0;
                for (int i = 0; i < CLIENTS; i++) {
                    long at = receipts.get(i).nanos();
                    perClient.add(Samples.millisSince(finished, at));
                    latest = Math.max(latest, at);
                }
                toAll.add(Samples.millisSince(finished, latest));
            }
            rssWithClients = rig.lmdeck().rssBytes();
            rig.unloadEverything(WAIT);
            String note = String.format(Locale.ROOT, "%d loads, each event timed from the load's end in the simulator;"
                    + " the %d clients share one selector thread in the bench JVM; connecting them all took %.0f ms;"
                    + " per-client delivery: median %.1f ms, p99 %.1f ms over %d deliveries",
                    ROUNDS, CLIENTS, connectMs, perClient.median(), perClient.p99(), perClient.count());
            return List.of(
                    Figure.of(name(), "event reaches all " + CLIENTS + " clients", "ms", toAll)
                            .target("p99 < 200 ms", toAll.p99() < 200).note(note),
                    Figure.single(name(), "server RSS with " + CLIENTS + " clients", "MB", Rss.megabytes(rssWithClients))
                            .comparedWith(Rss.megabytes(rssIdle), (double) rssWithClients / rssIdle)
                            .note("baseline = the same lmdeck process with no SSE client (VmRSS)"));
        }
    }

    private record Receipt(String data, long nanos) {
    }

    private static int missing(AtomicReferenceArray<Receipt> receipts, String operation) {
        int missing = 0;
        for (int i = 0; i < receipts.length(); i++) {
            Receipt r = receipts.get(i);
            if (r == null || !r.data().contains(operation)) {
                missing++;
            }
        }
        return missing;
    }
}
