package io.lmdeck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code lmdeck} in a JVM of its own ({@code java -cp <test classpath> io.lmdeck.cli.Main …}), for what only a real
 * process shows: what its loggers print on stderr, and which classes it loads.
 */
final class CliProcess {
    record Result(int exit, String out, String err) {
    }

    private CliProcess() {
    }

    /** Runs {@code args} with the extra {@code jvmOptions} and environment; stdout and stderr apart. */
    static Result run(List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("lmdeck-cli", ".out");
        Path err = Files.createTempFile("lmdeck-cli", ".err");
        try {
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.lmdeck.cli.Main"));
            command.addAll(Arrays.asList(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("LMDECK_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("lmdeck " + String.join(" ", args) + " did not end within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
