package io.lmdeck.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * 6. {@code java -jar <fat jar> serve --simulator}: time from launching the JVM to the first answered request
 * ({@code GET /healthz} 200, tried every millisecond), and resident memory once it has idled.
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
        return "start-up of `java -jar <fat jar> serve --simulator` to the first served request, idle RSS";
    }

    @Override
    public List<Figure> run(BenchSession session) throws Exception {
        Samples startup = new Samples();
        Samples rss = new Samples();
        for (int run = 0; run < RUNS; run++) {
            try (LmdeckProcess lmdeck = LmdeckProcess.serveWithSimulator()) {
                startup.add(lmdeck.awaitHealthy(Duration.ofSeconds(60)).toNanos() / 1e6);
                LmdeckProcess.pause(IDLE);
                rss.add(Rss.megabytes(lmdeck.rssBytes()));
            }
        }
        String flags = System.getenv("LMDECK_SERVER_JVM_FLAGS");
        String how = String.format(Locale.ROOT, "%s, %d runs, JVM flags %s, fresh data dir each",
                String.join(" ", LmdeckProcess.runsFromFatJar() ? List.of("java -jar <fat jar>") : List.of("java -cp <classes>")),
                RUNS, flags == null || flags.isBlank() ? "none" : "as ./lmdeck serve (" + flags.replaceAll("=\\S*/", "=…/") + ")");
        return List.of(
                Figure.of(name(), "start-up to first served request", "ms", startup)
                        .target("<= 1.5 s", startup.median() <= 1_500).note(how),
                Figure.of(name(), "idle RSS", "MB", rss)
                        .target("<= 150 MB", rss.median() <= 150)
                        .note(String.format(Locale.ROOT, "VmRSS from /proc/<pid>/status %d s after start-up, simulator"
                                + " included (in-process)", IDLE.toSeconds())));
    }
}
