package io.lmdeck.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./lmdeck bench}: runs the benchmarks against the LM Studio simulator on loopback, prints a table and
 * writes {@code bench/results.json}. {@code --only latency,fanout} picks a subset; {@code --out FILE} writes
 * elsewhere. Exit code 0 when every benchmark ran (targets missed are reported, not failures), 1 otherwise.
 */
public final class BenchMain {
    private static final List<Benchmark> ALL = List.of(new EventLatencyBench(), new LoadOverheadBench(),
            new ChatOverheadBench(), new FanoutBench(), new StatusThroughputBench(), new FootprintBench(), new CliStartupBench());

    private BenchMain() {
    }

    public static void main(String[] args) {
        // The in-process simulator's Jetty/Javalin start-up lines would bury the table; warnings still show.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(run(args, new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8)));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Benchmark> selected = new ArrayList<>(ALL);
        Path resultsFile = defaultResultsFile();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                usage(out);
                return 0;
            } else if ((arg.equals("--only") || arg.equals("--out")) && i + 1 < args.length) {
                String value = args[++i];
                if (arg.equals("--out")) {
                    resultsFile = Path.of(value);
                } else {
                    selected = pick(value, err);
                    if (selected == null) {
                        return 2;
                    }
                }
            } else if (arg.startsWith("--only=")) {
                selected = pick(arg.substring(7), err);
                if (selected == null) {
                    return 2;
                }
            } else if (arg.startsWith("--out=")) {
                resultsFile = Path.of(arg.substring(6));
            } else {
                err.println("lmdeck bench: unknown argument " + arg);
                usage(err);
                return 2;
            }
        }
        Map<String, String> environment = environment();
        err.println("lmdeck bench: " + environment);
        List<Figure> figures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long start = System.nanoTime();
        try (BenchSession session = new BenchSession()) {
            for (Benchmark bench : selected) {
                err.println("lmdeck bench: " + bench.name() + ": " + bench.describe() + " …");
                long benchStart = System.nanoTime();
                try {
                    figures.addAll(bench.run(session));
                } catch (Exception | AssertionError e) {
                    failed.add(bench.name());
                    err.println("lmdeck bench: " + bench.name() + " FAILED: " + e);
                    e.printStackTrace(err);
                    session.describeFailure(err);
                    session.close(); // a half-broken rig must not spoil the next benchmark
                }
                err.printf(Locale.ROOT, "lmdeck bench: %s done in %.1f s%n", bench.name(), (System.nanoTime() - benchStart) / 1e9);
            }
        }
        environment.put("bench_seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        out.println();
        Report.print(figures, out);
        String command = "./lmdeck bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
        try {
            Report.write(resultsFile, figures, environment, command);
            out.println("Written to " + resultsFile.toAbsolutePath().normalize());
        } catch (IOException e) {
            err.println("lmdeck bench: cannot write " + resultsFile + ": " + e.getMessage());
            return 1;
        }
        if (!failed.isEmpty()) {
            err.println("lmdeck bench: failed: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    private static List<Benchmark> pick(String names, PrintStream err) {
        List<Benchmark> picked = new ArrayList<>();
        for (String name : names.split(",")) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            Benchmark bench = ALL.stream().filter(b -> b.name().equals(wanted)).findFirst().orElse(null);
            if (bench == null) {
                err.println("lmdeck bench: no benchmark named '" + wanted + "'; choose from "
                        + String.join(",", ALL.stream().map(Benchmark::name).toList()));
                return null;
            }
            if (!picked.contains(bench)) {
                picked.add(bench);
            }
        }
        return picked;
    }

    private static void usage(PrintStream out) {
        out.println("Usage: ./lmdeck bench [--only NAME[,NAME…]] [--out FILE]");
        out.println("Runs lmdeck's benchmarks against the LM Studio simulator on loopback (about 1½ minutes),");
        out.println("prints a table and writes the figures as JSON (default: bench/results.json in the repository).");
        out.println();
        for (Benchmark bench : ALL) {
            out.printf(Locale.ROOT, "  %-10s %s%n", bench.name(), bench.describe());
        }
    }

    /** {@code <repo>/bench/results.json} when run from {@code <repo>/lmdeck-bench/target/*.jar}, else ./bench/results.json. */
    static Path defaultResultsFile() {
        Path classpath = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        for (Path dir = classpath.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("lmdeck-app")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("bench").resolve("results.json");
            }
        }
        return Path.of("bench", "results.json");
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        try {
            env.put("load_average_at_start", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException e) {
            env.put("load_average_at_start", "unknown");
        }
        return env;
    }
}
