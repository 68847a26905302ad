package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.activity.Retention;
import io.lmdeck.server.ServerOptions;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** serve: options and environment mapped to ServerOptions, the printed URL, Ctrl-C, and start failures. */
class ServeCommandTest {
    private final AtomicReference<ServerOptions> started = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServerLauncher launcher(Exception failure) {
        return options -> {
            if (failure != null) {
                throw failure;
            }
            started.set(options);
            return new ServerLauncher.Running() {
                @Override
                public String url() {
                    return "http://127.0.0.1:" + (options.port() == 0 ? 41234 : options.port()) + "/";
                }

                @Override
                public String lmstudioUrl() {
                    return options.simulator() ? "http://127.0.0.1:40000" : options.lmstudioUrl().toString();
                }

                @Override
                public void close() {
                    closed.set(true);
                }
            };
        };
    }

    private CompletableFuture<Integer> serve(CliRun cli, ServerLauncher launcher, String... args) {
        CliContext context = cli.context();
        CommandLine lmdeck = Main.commandLine(context, launcher);
        String[] serveArgs = new String[args.length + 1];
        serveArgs[0] = "serve";
        System.arraycopy(args, 0, serveArgs, 1, args.length);
        return CompletableFuture.supplyAsync(() -> {
            int exit = lmdeck.execute(serveArgs);
            lmdeck.getErr().flush();
            return exit;
        });
    }

    @Test
    void defaultsComeFromTheContractAndTheEnvironment() throws Exception {
        CliRun cli = new CliRun().env("LMDECK_PORT", "9911").env("LMSTUDIO_URL", "http://127.0.0.1:4321")
                .env("LM_API_TOKEN", "lm-secret").env("LMDECK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/lmdeck")
                .env("LMDECK_DB_USER", "deck").env("LMDECK_DB_PASSWORD", "pw");
        CompletableFuture<Integer> exit = serve(cli, launcher(null));
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("Press Ctrl-C to stop."));
        ServerOptions options = started.get();
        assertThat(options.port()).isEqualTo(9911);
        assertThat(options.bind()).isEqualTo("127.0.0.1");
        assertThat(options.lmstudioUrl()).isEqualTo(URI.create("http://127.0.0.1:4321"));
        assertThat(options.lmstudioToken()).isEqualTo("lm-secret");
        assertThat(options.dataDir()).isEqualTo(Paths.get(System.getProperty("user.home"), ".lmdeck"));
        assertThat(options.dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/lmdeck");
        assertThat(options.dbUser()).isEqualTo("deck");
        assertThat(options.dbPassword()).isEqualTo("pw");
        assertThat(options.token()).isNull();
        assertThat(options.simulator()).isFalse();
        assertThat(options.retention()).isEqualTo(Retention.defaults());
        assertThat(options.gatewayWait()).isEqualTo(Duration.ofSeconds(300));
        assertThat(cli.out()).startsWith("lmdeck is running: open http://127.0.0.1:9911/\n");
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        assertThat(closed).isTrue();
        assertThat(cli.out()).endsWith("lmdeck stopped.\n");
    }

    @Test
    void optionsWinOverTheEnvironmentAndTheTokenGoesInTheUrlFragment() throws Exception {
        CliRun cli = new CliRun().env("LMDECK_PORT", "9911").env("LMDECK_TOKEN", "from-env");
        CompletableFuture<Integer> exit = serve(cli, launcher(null), "--port", "0", "--bind", "0.0.0.0",
                "--token", "t0k3n", "--simulator", "--data-dir", "/tmp/lmdeck-test-data", "--allowed-host", "deck.lan",
                "--allowed-host", "deck.local", "--lmstudio-token", "lm", "--gateway-wait", "42");
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("Press Ctrl-C to stop."));
        ServerOptions options = started.get();
        assertThat(options.port()).isZero();
        assertThat(options.bind()).isEqualTo("0.0.0.0");
        assertThat(options.token()).isEqualTo("t0k3n");
        assertThat(options.simulator()).isTrue();
        assertThat(options.dataDir()).isEqualTo(Paths.get("/tmp/lmdeck-test-data"));
        assertThat(options.allowedHosts()).isEqualTo(List.of("deck.lan", "deck.local"));
        assertThat(options.gatewayWait()).isEqualTo(Duration.ofSeconds(42));
        assertThat(cli.out()).contains("open http://127.0.0.1:41234/#token=t0k3n", "LM Studio: http://127.0.0.1:40000 (the bundled simulator)");
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    }

    @Test
    void aNonLoopbackBindWithoutATokenIsRefusedBeforeStarting() throws Exception {
        CliRun cli = new CliRun();
        assertThat(serve(cli, launcher(null), "--bind", "0.0.0.0").get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("binding to 0.0.0.0 exposes lmdeck beyond this machine", "--token");
        assertThat(started.get()).isNull();
    }

    @Test
    void badValuesAreUsageErrors() throws Exception {
        CliRun port = new CliRun();
        assertThat(serve(port, launcher(null), "--port", "70000").get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.USAGE);
        assertThat(port.err()).contains("--port must be between 0 and 65535");

        CliRun db = new CliRun();
        assertThat(serve(db, launcher(null), "--db-url", "jdbc:mysql://x/y").get(10, TimeUnit.SECONDS))
                .isEqualTo(ExitCode.USAGE);
        assertThat(db.err()).contains("--db-url must be a jdbc:postgresql://… URL");

        CliRun lmstudio = new CliRun();
        assertThat(serve(lmstudio, launcher(null), "--lmstudio-url", "localhost:1234").get(10, TimeUnit.SECONDS))
                .isEqualTo(ExitCode.USAGE);
        assertThat(lmstudio.err()).contains("--lmstudio-url must be an http:// URL");

        CliRun wait = new CliRun();
        assertThat(serve(wait, launcher(null), "--gateway-wait", "0").get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.USAGE);
        assertThat(wait.err()).contains("--gateway-wait must be between 1 and 86400 seconds");
    }

    @Test
    void retentionComesFromTheOptionsElseTheEnvironment() throws Exception {
        CliRun cli = new CliRun().env("LMDECK_RETENTION_DAYS", "30").env("LMDECK_RETENTION_ROWS", "500");
        CompletableFuture<Integer> exit = serve(cli, launcher(null), "--retention-rows", "5");
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("Press Ctrl-C to stop."));
        assertThat(started.get().retention()).isEqualTo(
                new Retention(Duration.ofDays(30), 5, Retention.DEFAULT_PRUNE_EVERY));
        cli.interrupts().press();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);

        CliRun widest = new CliRun();
        CompletableFuture<Integer> widestExit = serve(widest, launcher(null), "--retention-days", "36500",
                "--retention-rows", " 100000000 ");
        await().atMost(Duration.ofSeconds(10)).until(() -> widest.out().contains("Press Ctrl-C to stop."));
        assertThat(started.get().retention().maxAge()).isEqualTo(Duration.ofDays(36_500));
        assertThat(started.get().retention().maxRows()).isEqualTo(100_000_000L);
        widest.interrupts().press();
        assertThat(widestExit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    }

    @Test
    void theHelpsDefaultRetentionIsTheActivityLogsOwn() {
        assertThat(Duration.ofDays(RetentionLimits.DEFAULT_DAYS)).isEqualTo(Retention.DEFAULT_MAX_AGE);
        assertThat(RetentionLimits.DEFAULT_ROWS).isEqualTo(Retention.DEFAULT_MAX_ROWS);
    }

    @Test
    void badRetentionValuesAreOneLineUsageErrorsBeforeStarting() throws Exception {
        String days = "lmdeck: --retention-days must be a whole number of days from 1 to 36500 (got '";
        String rows = "lmdeck: --retention-rows must be a whole number of events from 1 to 100000000 (got '";
        String off = "; retention cannot be switched off, a larger number keeps more\n";
        String[][] cases = {
            {"--retention-days", "abc", days + "abc')\n"},
            {"--retention-days", "1.5", days + "1.5')\n"},
            {"--retention-days", "", days + "')\n"},
            {"--retention-days", "-3", days + "-3')\n"},
            {"--retention-days", "0", days + "0')" + off},
            {"--retention-days", "36501", days + "36501')\n"},
            {"--retention-days", "99999999999999999999", days + "99999999999999999999')\n"},
            {"--retention-rows", "0", rows + "0')" + off},
            {"--retention-rows", "100000001", rows + "100000001')\n"},
            {"--retention-rows", "1e6", rows + "1e6')\n"},
        };
        for (String[] bad : cases) {
            CliRun cli = new CliRun();
            assertThat(serve(cli, launcher(null), bad[0], bad[1]).get(10, TimeUnit.SECONDS)).as(bad[1])
                    .isEqualTo(ExitCode.USAGE);
            assertThat(cli.err()).as(bad[1]).isEqualTo(bad[2]);
            assertThat(cli.out()).isEmpty();
        }
        CliRun env = new CliRun().env("LMDECK_RETENTION_ROWS", "lots");
        assertThat(serve(env, launcher(null)).get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.USAGE);
        assertThat(env.err()).isEqualTo("lmdeck: LMDECK_RETENTION_ROWS must be a whole number of events from 1 to"
                + " 100000000 (got 'lots')\n");
        CliRun bothOff = new CliRun().env("LMDECK_RETENTION_DAYS", "0");
        assertThat(serve(bothOff, launcher(null), "--retention-rows", "0").get(10, TimeUnit.SECONDS))
                .isEqualTo(ExitCode.USAGE);
        assertThat(bothOff.err()).startsWith("lmdeck: LMDECK_RETENTION_DAYS must be a whole number of days");
        assertThat(started.get()).isNull();
    }

    @Test
    void aBusyPortIsOneClearLineAndExit1() throws Exception {
        CliRun cli = new CliRun();
        Exception busy = new IllegalStateException("Failed to start Javalin",
                new java.io.IOException("Failed to bind", new BindException("Address already in use")));
        assertThat(serve(cli, launcher(busy)).get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).isEqualTo("lmdeck: cannot listen on 127.0.0.1:8765 (Address already in use)"
                + " — is lmdeck already running? Stop it, or pick another port with --port\n");
    }

    @Test
    void aDatabaseProblemIsOneClearLineWithoutThePassword() throws Exception {
        CliRun cli = new CliRun();
        Exception db = new IllegalStateException("activity store",
                new java.sql.SQLException("Connection to 127.0.0.1:5 refused."));
        assertThat(serve(cli, launcher(db), "--db-url", "jdbc:postgresql://127.0.0.1:5/lmdeck?password=hunter2")
                .get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).isEqualTo("lmdeck: cannot open the PostgreSQL database jdbc:postgresql://127.0.0.1:5/lmdeck:"
                + " Connection to 127.0.0.1:5 refused.\n");
    }

    @Test
    void serveIsARealCommandOfTheJar() {
        CliRun cli = new CliRun();
        assertThat(cli.run("serve", "--help")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("--port", "--bind", "--lmstudio-url", "--lmstudio-token", "--data-dir", "--db-url",
                "--db-user", "--db-password", "--token", "--simulator", "--allowed-host", "env LMDECK_PORT");
        assertThat(cli.out().replaceAll("\\s+", " ")).contains(
                "--retention-days=N Keep the activity log's events of the last N days, pruned at start-up and hourly"
                        + " (default: 90, env LMDECK_RETENTION_DAYS; 1 to 36500).",
                "--retention-rows=N Keep at most the newest N events of the activity log (default: 100000, env"
                        + " LMDECK_RETENTION_ROWS; 1 to 100000000).");
    }
}
