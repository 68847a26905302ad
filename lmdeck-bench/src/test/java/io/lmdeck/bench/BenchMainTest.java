package io.lmdeck.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bench's command line: what a mistyped option or benchmark name tells the user, before anything runs. */
class BenchMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void help_lists_every_benchmark_and_runs_none() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: ./lmdeck bench")
                .contains("latency", "load", "chat", "fanout", "status", "footprint");
    }

    @Test
    void an_unknown_benchmark_is_a_usage_error_naming_the_choices() {
        assertThat(run("--only", "latency,nosuch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no benchmark named 'nosuch'; choose from latency,load,chat,fanout,status,footprint");
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        assertThat(run("--fast")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument --fast").contains("Usage:");
    }
}
