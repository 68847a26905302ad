package io.lmdeck.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the outside world, so the whole CLI runs in-process in tests:
 * the output streams, the environment (for {@code LMDECK_SERVER}, {@code LMDECK_TOKEN}, …), whether stdout is
 * a terminal (live progress bar with {@code \r}) or not (plain lines), Ctrl-C, and the clock.
 */
public record CliContext(
        PrintStream out, PrintStream err, Map<String, String> env, boolean terminal, Interrupts interrupts, Clock clock) {

    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = env == null ? Map.of() : Map.copyOf(env);
        interrupts = interrupts == null ? Interrupts.none() : interrupts;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    public static CliContext of(PrintStream out, PrintStream err, Map<String, String> env) {
        return new CliContext(out, err, env, false, Interrupts.none(), Clock.systemUTC());
    }

    /** An environment variable, or null when unset or blank. */
    String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
