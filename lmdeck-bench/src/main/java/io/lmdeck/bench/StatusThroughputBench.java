package io.lmdeck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 5. {@code GET /api/models/lmstudio/status} requests per second with N client threads on keep-alive
 * connections, the server and the clients sharing the machine's cores; the simulator's request counter shows
 * how many LM Studio requests happened meanwhile (lmdeck's own 3-second reconciliation only, whatever N is).
 * The target (20 000/s on 2 cores) applies to concurrent clients; a single client's rate is its round trip.
 */
final class StatusThroughputBench implements Benchmark {
    private static final int[] THREADS = {1, 4, 16};
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration MEASURE = Duration.ofSeconds(5);
    private static final String PATH = "/api/models/lmstudio/status";

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String describe() {
        return "GET /api/models/lmstudio/status requests/s with 1, 4 and 16 client threads; LM Studio calls meanwhile";
    }

    @Override
    public List<Figure> run(BenchSession session) throws Exception {
        BenchRig rig = session.rig();
        rig.api().load(BenchRig.MODEL);
        hammer(rig.lmdeck().port(), 4, WARMUP);
        List<Figure> figures = new ArrayList<>();
        for (int threads : THREADS) {
            long lmstudioBefore = rig.sim().requestCount();
            long loadsBefore = rig.sim().control().loadCalls();
            Result result = hammer(rig.lmdeck().port(), threads, MEASURE);
            long lmstudioCalls = rig.sim().requestCount() - lmstudioBefore;
            long loads = rig.sim().control().loadCalls() - loadsBefore;
            if (result.errors() > 0) {
                throw new IllegalStateException(result.errors() + " status requests failed");
            }
            double perSecond = result.requests() / (MEASURE.toNanos() / 1e9);
            String note = String.format(Locale.ROOT, "%d threads x keep-alive connection, %.0f s, %,d requests, all 200;"
                            + " LM Studio saw %d HTTP requests and %d loads meanwhile (%.5f per status request:"
                            + " lmdeck's periodic reconciliation, independent of the read load)",
                    threads, MEASURE.toNanos() / 1e9, result.requests(), lmstudioCalls, loads,
                    (double) lmstudioCalls / Math.max(1, result.requests()));
            Figure figure = Figure.single(name(), "status reads, " + threads + " client thread"
                    + (threads > 1 ? "s" : ""), "req/s", perSecond);
            if (threads == 1) {
                // One client waits for each answer before it asks again: that measures the round trip, not
                // how many reads the server can serve, which is what the target is about.
                figures.add(figure.note(note + String.format(Locale.ROOT, "; one request at a time, so this is"
                        + " 1 / round trip (%.0f us per request through both JVMs), not the server's capacity",
                        1e6 / perSecond)));
            } else {
                figures.add(figure.target(">= 20 000/s", perSecond >= 20_000).note(note));
            }
        }
        return figures;
    }

    private record Result(long requests, long errors) {
    }

    private static Result hammer(int port, int threads, Duration duration) throws InterruptedException {
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] end = new long[1];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long mine = 0;
                try (KeepAliveGet client = new KeepAliveGet(port, PATH)) {
                    ready.countDown();
                    go.await();
                    while (System.nanoTime() < end[0]) {
                        if (client.get() == 200) {
                            mine++;
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    ready.countDown();
                } finally {
                    requests.addAndGet(mine);
                }
            }, "bench-status-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        end[0] = System.nanoTime() + duration.toNanos();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result(requests.get(), errors.get());
    }
}
