package io.lmdeck.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs the CLI in-process with captured stdout/stderr, as a user's shell would see it. */
final class CliRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private boolean terminal;
    private final ManualInterrupts interrupts = new ManualInterrupts();
    private Clock clock = Clock.systemUTC();

    static CliRun against(String serverUrl) {
        CliRun run = new CliRun();
        run.env.put("LMDECK_SERVER", serverUrl);
        return run;
    }

    CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliRun terminal() {
        terminal = true;
        return this;
    }

    CliRun clock(Clock fixed) {
        clock = fixed;
        return this;
    }

    ManualInterrupts interrupts() {
        return interrupts;
    }

    CliContext context() {
        return new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, terminal, interrupts, clock);
    }

    int run(String... args) {
        return Main.run(args, context());
    }

    CompletableFuture<Integer> start(String... args) {
        CliContext context = context();
        return CompletableFuture.supplyAsync(() -> Main.run(args, context));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
