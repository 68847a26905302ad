package io.lmdeck.cli;

import io.lmdeck.presets.ConfigFile;
import io.lmdeck.presets.ConfigFileException;
import io.lmdeck.server.ServerOptions;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lmdeck serve}: runs the server until Ctrl-C, printing the URL to open. */
@Command(name = "serve",
        description = {"Run the lmdeck server (web UI, HTTP API, events) until Ctrl-C.",
            "With --simulator it starts the bundled LM Studio simulator: no LM Studio needed."})
final class ServeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8765;
    static final String DEFAULT_LMSTUDIO = "http://localhost:1234";

    private final CliContext context;

    @Mixin
    HelpOption help;
    private final ServerLauncher launcher;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on (default: " + DEFAULT_PORT + ", env LMDECK_PORT; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Any other than loopback needs --token.")
    String bind;

    @Option(names = "--lmstudio-url", paramLabel = "URL",
            description = "LM Studio's server (default: " + DEFAULT_LMSTUDIO + ", env LMSTUDIO_URL).")
    String lmstudioUrl;

    @Option(names = "--lmstudio-token", paramLabel = "TOKEN",
            description = "LM Studio's API token, when it requires one (default: env LM_API_TOKEN).")
    String lmstudioToken;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "~/.lmdeck",
            description = "Folder of the SQLite activity log (default: ${DEFAULT-VALUE}).")
    String dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "jdbc:postgresql://… keeps the activity log in PostgreSQL (default: env LMDECK_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "PostgreSQL user (default: env LMDECK_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "PostgreSQL password (default: env LMDECK_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--retention-days", paramLabel = "N",
            description = "Keep the activity log's events of the last N days, pruned at start-up and hourly (default: "
                    + RetentionLimits.DEFAULT_DAYS + ", env " + RetentionLimits.DAYS_ENV + "; 1 to "
                    + RetentionLimits.MAX_DAYS + ").")
    String retentionDays;

    @Option(names = "--retention-rows", paramLabel = "N",
            description = "Keep at most the newest N events of the activity log (default: " + RetentionLimits.DEFAULT_ROWS
                    + ", env " + RetentionLimits.ROWS_ENV + "; 1 to " + RetentionLimits.MAX_ROWS + ").")
    String retentionRows;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Require this bearer token on the API and UI (default: env LMDECK_TOKEN).")
    String token;

    @Option(names = "--simulator", description = "Start the bundled LM Studio simulator and use it.")
    boolean simulator;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "Another Host name to accept besides loopback and the bound address (repeatable).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--gateway-wait", paramLabel = "SECONDS",
            description = "How long a /v1 gateway request may wait for its model before it gets 503 (default: 300).")
    Integer gatewayWaitSeconds;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A TOML file of presets per model ([presets.\"MODEL\"] tables), read at start.")
    Path configFile;

    ServeCommand(CliContext context, ServerLauncher launcher) {
        this.context = context;
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerOptions options = options();
        PrintStream out = context.out();
        ServerLauncher.Running server;
        try {
            server = launcher.start(options);
        } catch (Exception e) {
            throw CliFailure.failed(StartFailure.explain(e, options));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
            }
            stopped.countDown();
        };
        // SIGTERM (and SIGINT where it cannot be caught) still closes the server cleanly.
        Thread hook = new Thread(stop, "lmdeck-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Interrupts.Registration ctrlC = context.interrupts().onInterrupt(stop)) {
            String url = server.url();
            out.println("lmdeck is running: open " + url + (options.token() == null ? "" : "#token=" + options.token()));
            out.println("LM Studio: " + server.lmstudioUrl() + (options.simulator() ? " (the bundled simulator)" : ""));
            out.println("Press Ctrl-C to stop.");
            stopped.await();
            out.println("lmdeck stopped.");
            return ExitCode.OK;
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook runs anyway.
            }
        }
    }

    ServerOptions options() {
        int listenPort = port != null ? port : portFromEnv();
        if (listenPort < 0 || listenPort > 65_535) {
            throw CliFailure.usage("--port must be between 0 and 65535 (got " + listenPort + ")");
        }
        String bearer = firstOf(token, context.env("LMDECK_TOKEN"));
        if (bearer == null && !isLoopback(bind)) {
            throw CliFailure.usage("binding to " + bind + " exposes lmdeck beyond this machine: set a token with"
                    + " --token (or env LMDECK_TOKEN), or keep the default --bind 127.0.0.1");
        }
        String db = firstOf(dbUrl, context.env("LMDECK_DB_URL"));
        if (db != null && !db.startsWith("jdbc:postgresql://")) {
            throw CliFailure.usage("--db-url must be a jdbc:postgresql://… URL (got " + db + ");"
                    + " leave it out to use SQLite in --data-dir");
        }
        return new ServerOptions(listenPort, bind, lmstudioUri(), firstOf(lmstudioToken, context.env("LM_API_TOKEN")),
                dataDirectory(), db, firstOf(dbUser, context.env("LMDECK_DB_USER")),
                firstOf(dbPassword, context.env("LMDECK_DB_PASSWORD")), bearer, simulator, allowedHosts,
                RetentionLimits.of(retentionDays, retentionRows, context), config(), gatewayWait());
    }

    private Duration gatewayWait() {
        if (gatewayWaitSeconds == null) {
            return null;
        }
        if (gatewayWaitSeconds < 1 || gatewayWaitSeconds > 86_400) {
            throw CliFailure.usage("--gateway-wait must be between 1 and 86400 seconds (got " + gatewayWaitSeconds + ")");
        }
        return Duration.ofSeconds(gatewayWaitSeconds);
    }

    private ConfigFile config() {
        try {
            return configFile == null ? null : ConfigFile.read(configFile);
        } catch (ConfigFileException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private int portFromEnv() {
        String value = context.env("LMDECK_PORT");
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw CliFailure.usage("LMDECK_PORT must be a port number (got " + value + ")");
        }
    }

    private URI lmstudioUri() {
        String url = firstOf(lmstudioUrl, context.env("LMSTUDIO_URL"));
        url = url == null ? DEFAULT_LMSTUDIO : url.trim();
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw CliFailure.usage("--lmstudio-url must be an http:// URL like " + DEFAULT_LMSTUDIO + " (got " + url + ")");
    }

    private Path dataDirectory() {
        String dir = dataDir.trim();
        if (dir.equals("~") || dir.startsWith("~/")) {
            dir = System.getProperty("user.home") + dir.substring(1);
        }
        return Paths.get(dir).toAbsolutePath().normalize();
    }

    static boolean isLoopback(String address) {
        String host = address.trim();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literal addresses are parsed here: a name is never resolved through DNS.
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static String firstOf(String option, String env) {
        return option != null && !option.isBlank() ? option : env;
    }
}
