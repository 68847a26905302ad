package io.lmdeck.server;

import io.lmdeck.activity.Retention;
import io.lmdeck.presets.ConfigFile;
import io.lmdeck.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code ./lmdeck serve} can be told (contract section 1). {@code port} 0 picks a free port.
 * {@code dbUrl} null means SQLite at {@code <dataDir>/lmdeck.db}. {@code token} null means no bearer token
 * (allowed only on a loopback bind). {@code simulator} starts the bundled LM Studio simulator in-process on a
 * free port and ignores {@code lmstudioUrl}. {@code allowedHosts} are extra Host names accepted besides
 * loopback names and the bound address. {@code retention} is how much of the activity log is kept (null: the
 * log's defaults, {@link Retention#defaults()}). {@code config} is the parsed {@code --config} file (null: none).
 * {@code gatewayWait} is how long a gateway request may wait to start ({@code --gateway-wait}; null: 300 s).
 */
public record ServerOptions(
        int port,
        String bind,
        URI lmstudioUrl,
        String lmstudioToken,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String token,
        boolean simulator,
        List<String> allowedHosts,
        Retention retention,
        ConfigFile config,
        Duration gatewayWait) {

    public ServerOptions {
        gatewayWait = gatewayWait == null ? HttpSettings.DEFAULT_GATEWAY_WAIT : gatewayWait;
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        retention = retention == null ? Retention.defaults() : retention;
        config = config == null ? ConfigFile.empty() : config;
    }

    /** With the default gateway wait ({@code --gateway-wait}, 300 s). */
    public ServerOptions(int port, String bind, URI lmstudioUrl, String lmstudioToken, Path dataDir, String dbUrl,
                         String dbUser, String dbPassword, String token, boolean simulator, List<String> allowedHosts,
                         Retention retention, ConfigFile config) {
        this(port, bind, lmstudioUrl, lmstudioToken, dataDir, dbUrl, dbUser, dbPassword, token, simulator, allowedHosts,
                retention, config, null);
    }

    /** Without a config file. */
    public ServerOptions(int port, String bind, URI lmstudioUrl, String lmstudioToken, Path dataDir, String dbUrl,
                         String dbUser, String dbPassword, String token, boolean simulator, List<String> allowedHosts,
                         Retention retention) {
        this(port, bind, lmstudioUrl, lmstudioToken, dataDir, dbUrl, dbUser, dbPassword, token, simulator, allowedHosts,
                retention, null, null);
    }

    /** With the activity log's default retention. */
    public ServerOptions(int port, String bind, URI lmstudioUrl, String lmstudioToken, Path dataDir, String dbUrl,
                         String dbUser, String dbPassword, String token, boolean simulator, List<String> allowedHosts) {
        this(port, bind, lmstudioUrl, lmstudioToken, dataDir, dbUrl, dbUser, dbPassword, token, simulator, allowedHosts,
                null, null, null);
    }

    /** Never prints the tokens or the database password (a logged ServerOptions must not leak them). */
    @Override
    public String toString() {
        return "ServerOptions[port=" + port + ", bind=" + bind + ", lmstudioUrl=" + lmstudioUrl
                + ", lmstudioToken=" + redacted(lmstudioToken) + ", dataDir=" + dataDir + ", dbUrl=" + (dbUrl == null ? null : dbUrl.replaceAll("(?i)(password=)[^&;]*", "$1***"))
                + ", dbUser=" + dbUser + ", dbPassword=" + redacted(dbPassword) + ", token=" + redacted(token)
                + ", simulator=" + simulator + ", allowedHosts=" + allowedHosts + ", retention=" + retention + ", gatewayWait=" + gatewayWait + "]";
    }

    private static String redacted(String secret) {
        return secret == null ? "none" : "***";
    }
}
