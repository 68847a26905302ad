package io.lmdeck.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lmdeck status} as a user types it: the launcher script (its staleness check included), a fresh CLI JVM
 * with the CLI's class-data archive, one request to the bench's lmdeck server, the answer printed. Wall time from
 * launch to exit. Without the launcher (not run from a checkout) the CLI's main class on this classpath instead.
 */
final class CliStartupBench implements Benchmark {
    private static final int WARM_UP = 3;
    private static final int RUNS = 15;

    @Override
    public String name() {
        return "cli";
    }

    @Override
    public String describe() {
        return "wall time of `./lmdeck status` (launcher, CLI JVM start-up, one request) against a running server";
    }

    @Override
    public List<Figure> run(BenchSession session) throws Exception {
        String server = session.rig().lmdeck().url().toString();
        Path launcher = launcher();
        List<String> command = new ArrayList<>();
        if (launcher != null) {
            command.addAll(List.of(launcher.toString(), "status"));
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "io.lmdeck.cli.Main", "status"));
        }
        Samples wall = new Samples();
        for (int i = 0; i < WARM_UP + RUNS; i++) {
            double millis = once(command, server);
            if (i >= WARM_UP) {
                wall.add(millis);
            }
        }
        String load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        return List.of(Figure.of(name(), "`lmdeck status` wall time", "ms", wall)
                .target("<= 400 ms", wall.median() <= 400)
                .note(String.format(Locale.ROOT, "%s, %d runs after %d warm-up, one after another; load average %s"
                                + " at the end", launcher != null ? "./lmdeck status (launcher, CLI class-data archive)"
                                : "java -cp <classes> io.lmdeck.cli.Main status (no launcher found)", RUNS, WARM_UP,
                        load)));
    }

    private static double once(List<String> command, String server) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LMDECK_SERVER", server);
        builder.environment().remove("LMDECK_TOKEN");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("lmdeck status did not end within 60 s");
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (process.exitValue() != 0) {
            throw new IOException("lmdeck status exited with " + process.exitValue());
        }
        return millis;
    }

    /** {@code <checkout>/lmdeck} when this runs from {@code <checkout>/lmdeck-app/target/…}, else null. */
    private static Path launcher() {
        Path classpath = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]).toAbsolutePath();
        for (Path dir = classpath.getParent(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("lmdeck");
            if (Files.isDirectory(dir.resolve("lmdeck-app")) && Files.isRegularFile(script) && Files.isExecutable(script)) {
                return script;
            }
        }
        return null;
    }
}
