package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What a user gets for help, version and mistakes, and when no server is running. */
class CliUsageTest {
    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun cli = new CliRun();
        assertThat(cli.run("--help")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("Usage: lmdeck", "serve", "sim", "models", "ps", "load", "unload", "cancel", "status",
                "events", "activity", "preset", "requests", "3  the lmdeck server or LM Studio cannot be reached");
    }

    @Test
    void simIsTheSimulatorsOwnCommand() {
        CliRun cli = new CliRun();
        assertThat(cli.run("sim", "--help")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("Usage: lmdeck sim", "--port", "--catalog", "--load-seconds-per-gb", "--[no-]jit");
    }

    @Test
    void noCommandShowsTheHelpToo() {
        CliRun cli = new CliRun();
        assertThat(cli.run()).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("Usage: lmdeck", "Commands:");
    }

    @Test
    void versionNamesLmdeckAndJava() {
        CliRun cli = new CliRun();
        assertThat(cli.run("--version")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).startsWith("lmdeck ").contains("Java ");
    }

    @Test
    void aMistypedCommandExits2WithASuggestion() {
        CliRun cli = new CliRun();
        assertThat(cli.run("lod", "qwen")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("lmdeck: 'lod' is not an lmdeck command", "Did you mean: lmdeck load",
                "Try: ./lmdeck --help");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void badOptionsAndValuesExit2AndSayWhatIsWrong() {
        CliRun cli = new CliRun();
        assertThat(cli.run("models", "--bogus")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("unknown option '--bogus'", "Try: ./lmdeck models --help");

        CliRun gpu = new CliRun();
        assertThat(gpu.run("load", "qwen", "--gpu-offload", "2")).isEqualTo(ExitCode.USAGE);
        assertThat(gpu.err()).contains("--gpu-offload", "expected a number from 0 to 1, or max (got '2')");

        CliRun missing = new CliRun();
        assertThat(missing.run("load")).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("Missing required parameter: 'MODEL'");

        CliRun both = new CliRun();
        assertThat(both.run("unload", "qwen", "--all")).isEqualTo(ExitCode.USAGE);

        CliRun context = new CliRun();
        assertThat(context.run("load", "qwen", "--context-length", "-5")).isEqualTo(ExitCode.USAGE);
        assertThat(context.err()).contains("--context-length must be a positive number");

        CliRun server = new CliRun();
        assertThat(server.run("models", "--server", "ftp://x")).isEqualTo(ExitCode.USAGE);
        assertThat(server.err()).contains("--server must be an http:// or https:// URL");
    }

    @Test
    void everyClientCommandExits3WithTheFixWhenNoServerIsRunning() throws IOException {
        String url = "http://127.0.0.1:" + freePortWithNothingListening();
        String[][] commands = {
            {"models"}, {"models", "--json"}, {"ps"}, {"status"}, {"load", "qwen"}, {"unload", "qwen"},
            {"unload", "--all"}, {"cancel"}, {"events"}, {"events", "--follow"}, {"activity"}, {"requests"},
            {"requests", "--json"},
        };
        for (String[] command : commands) {
            CliRun cli = CliRun.against(url);
            assertThat(cli.run(command)).as(String.join(" ", command)).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(cli.err()).as(String.join(" ", command)).isEqualTo("lmdeck: cannot reach the lmdeck server at "
                    + url + " — start it with ./lmdeck serve (or ./lmdeck serve --simulator)\n");
            assertThat(cli.out()).isEmpty();
        }
    }

    @Test
    void theServerComesFromTheOptionBeforeTheEnvironment() throws IOException {
        String url = "http://127.0.0.1:" + freePortWithNothingListening();
        CliRun cli = CliRun.against("http://127.0.0.1:1");
        assertThat(cli.run("ps", "--server", url)).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err()).contains(url);
    }

    static int freePortWithNothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
