package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lmdeck serve} for real: the bundled simulator, the printed URL, Ctrl-C, and start failures. */
class ServeRealServerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern URL = Pattern.compile("lmdeck is running: open (http://127\\.0\\.0\\.1:\\d+)/?(#token=\\S+)?");

    @TempDir
    Path dataDir;

    @Test
    void serveWithTheSimulatorPrintsTheUrlServesTheCliAndStopsOnCtrlC() throws Exception {
        CliRun serve = new CliRun();
        CompletableFuture<Integer> exit = serve.start("serve", "--simulator", "--port", "0", "--data-dir",
                dataDir.toString(), "--token", "s3cret-token");
        await().atMost(WAIT).failFast(exit::isDone).until(() -> serve.out().contains("Press Ctrl-C to stop."));
        Matcher url = URL.matcher(serve.out());
        assertThat(url.find()).as(serve.out()).isTrue();
        assertThat(url.group(2)).isEqualTo("#token=s3cret-token");
        assertThat(serve.out()).containsPattern("LM Studio: http://127\\.0\\.0\\.1:\\d+/? \\(the bundled simulator\\)");
        assertThat(dataDir.resolve("lmdeck.db")).exists();

        CliRun models = CliRun.against(url.group(1)).env("LMDECK_TOKEN", "s3cret-token");
        await().atMost(WAIT).until(() -> {
            CliRun attempt = CliRun.against(url.group(1)).env("LMDECK_TOKEN", "s3cret-token");
            return attempt.run("models", "--json") == ExitCode.OK && attempt.out().contains("google/gemma-3-1b");
        });
        assertThat(models.run("models")).isEqualTo(ExitCode.OK);
        assertThat(models.out()).contains("google/gemma-3-1b", "EMBEDDING");

        serve.interrupts().press();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        assertThat(serve.out()).endsWith("lmdeck stopped.\n");
        CliRun after = CliRun.against(url.group(1));
        assertThat(after.run("status")).isEqualTo(ExitCode.UNREACHABLE);
    }

    @Test
    void aPortInUseIsOneClearLineAndExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun serve = new CliRun();
            int exit = serve.run("serve", "--simulator", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", dataDir.toString());
            assertThat(exit).isEqualTo(ExitCode.FAILED);
            assertThat(serve.err()).startsWith("lmdeck: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("pick another port with --port").doesNotContain("\tat ", "Exception");
            assertThat(serve.err().split("\n")).hasSize(1);
        }
    }

    @Test
    void aPortInUseIsTheOnlyLineOnStderrOfTheRealProcess() throws Exception {
        // In-process runs do not see what the libraries' loggers print; a real process does (Javalin's own ERROR
        // line used to come before lmdeck's explanation).
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliProcess.Result serve = CliProcess.run(List.of(), Map.of(), "serve", "--simulator", "--port",
                    Integer.toString(taken.getLocalPort()), "--data-dir", dataDir.toString());
            assertThat(serve.exit()).isEqualTo(ExitCode.FAILED);
            assertThat(serve.err()).as(serve.err()).startsWith("lmdeck: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(serve.err().split("\n")).as(serve.err()).hasSize(1);
            assertThat(serve.out() + serve.err()).as("no terminal escape codes when not on a terminal")
                    .doesNotContain("\u001b");
            assertThat(dataDir.resolve("lmdeck.db")).as("nothing is opened before the port is known to be free")
                    .doesNotExist();
        }
    }

    @Test
    void anUnreachableDatabaseIsOneClearLineAndExit1() throws Exception {
        int nothing = CliUsageTest.freePortWithNothingListening();
        CliRun serve = new CliRun().env("LMDECK_DB_PASSWORD", "hunter2");
        int exit = serve.run("serve", "--simulator", "--port", "0", "--data-dir", dataDir.toString(),
                "--db-url", "jdbc:postgresql://127.0.0.1:" + nothing + "/lmdeck", "--db-user", "deck");
        assertThat(exit).isEqualTo(ExitCode.FAILED);
        assertThat(serve.err()).startsWith("lmdeck: cannot open the PostgreSQL database jdbc:postgresql://127.0.0.1:"
                + nothing + "/lmdeck").doesNotContain("hunter2", "\tat ");
        assertThat(serve.err().split("\n")).hasSize(1);
    }
}
