package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --config FILE}: read before anything starts; a bad file is a usage error (exit 2) in one line. */
class ServeConfigTest {
    @TempDir
    Path dir;

    @Test
    void the_file_s_presets_reach_the_server_options() throws IOException {
        Path file = dir.resolve("lmdeck.toml");
        Files.writeString(file, "[presets.\"qwen/qwen3-8b\"]\ncontext_length = 8192\n");
        ServeCommand serve = new ServeCommand(new CliRun().context(), options -> {
            throw new AssertionError("not started here");
        });
        new CommandLine(serve).parseArgs("--config", file.toString());
        ServerOptions options = serve.options();
        assertThat(options.config().presets().get("qwen/qwen3-8b").contextLength()).isEqualTo(8192);
    }

    @Test
    void a_bad_file_stops_serve_with_exit_2_and_one_line() throws IOException {
        Path file = dir.resolve("lmdeck.toml");
        Files.writeString(file, "[presets.\"qwen/qwen3-8b\"]\ncontext = 8192\n");
        CliRun cli = new CliRun();
        boolean[] started = {false};
        int exit = Main.commandLine(cli.context(), options -> {
            started[0] = true;
            throw new AssertionError("must not start");
        }).execute("serve", "--config", file.toString());
        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(started[0]).isFalse();
        assertThat(cli.err().strip()).startsWith("lmdeck: " + file + ": [presets.\"qwen/qwen3-8b\"]: unknown setting 'context'")
                .doesNotContain("\n");
    }
}
