package io.lmdeck.bench;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 6. {@code java -jar <fat jar> serve}: time from launching the JVM to the first answered request
 * ({@code GET /healthz} 200, tried every millisecond), and resident memory once it has idled. The targets are
 * for lmdeck as it runs beside LM Studio (here: the simulator in the bench's JVM, another process, as LM Studio
 * is); {@code serve --simulator}, the demo with the simulator inside lmdeck's JVM, is measured too, without a
 * target.
 */
final class FootprintBench implements Benchmark {
    private static final int RUNS = 3;
    private static final Duration IDLE = Duration.ofSeconds(4);

    @Override
    public String name() {
        return "footprint";
    }

    @Override
    public String describe() {
        return "start-up of `java -jar <fat jar> serve` to the first served request, idle RSS (also with --simulator)";
    }

    @Override
    public List<Figure> run(BenchSession session) throws Exception {
        Samples startup = new Samples();
        Samples rss = new Samples();
        Samples demoStartup = new Samples();
        Samples demoRss = new Samples();
        try (LmStudioSimulator lmStudio = BenchRig.simulator().start()) {
            URI url = URI.create(lmStudio.baseUrl());
            for (int run = 0; run < RUNS; run++) {
                measure(LmdeckProcess.serve(url), startup, rss);
                measure(LmdeckProcess.serveWithSimulator(), demoStartup, demoRss);
            }
        }
        String flags = System.getenv("LMDECK_SERVER_JVM_FLAGS");
        String how = String.format(Locale.ROOT, "%s, %d runs, JVM flags %s, fresh data dir each",
                LmdeckProcess.runsFromFatJar() ? "java -jar <fat jar>" : "java -cp <classes>", RUNS,
                flags == null || flags.isBlank() ? "none" : "as ./lmdeck serve (" + flags.replaceAll("=\\S*/", "=…/") + ")");
        String idle = String.format(Locale.ROOT, "VmRSS from /proc/<pid>/status %d s after start-up", IDLE.toSeconds());
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(name(), "start-up to first served request", "ms", startup)
                .target("<= 1.5 s", startup.median() <= 1_500)
                .note("serve --lmstudio-url <simulator in another process>; " + how));
        figures.add(Figure.of(name(), "idle RSS", "MB", rss)
                .target("<= 150 MB", rss.median() <= 150)
                .note(idle + "; lmdeck alone, LM Studio (the simulator) in another process"));
        figures.add(Figure.of(name(), "start-up, serve --simulator", "ms", demoStartup)
                .note("the demo: the simulator starts inside lmdeck's JVM; " + how));
        figures.add(Figure.of(name(), "idle RSS, serve --simulator", "MB", demoRss)
                .note(idle + "; lmdeck and the bundled simulator in one JVM"));
        return figures;
    }

    private static void measure(LmdeckProcess process, Samples startup, Samples rss) throws Exception {
        try (LmdeckProcess lmdeck = process) {
            startup.add(lmdeck.awaitHealthy(Duration.ofSeconds(60)).toNanos() / 1e6);
            LmdeckProcess.pause(IDLE);
            rss.add(Rss.megabytes(lmdeck.rssBytes()));
        }
    }
}
