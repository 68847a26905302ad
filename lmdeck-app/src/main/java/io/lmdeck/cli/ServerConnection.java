package io.lmdeck.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** The options every client verb shares: which lmdeck server, and its token. */
final class ServerConnection {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8765";

    @Option(names = "--server", paramLabel = "URL",
            description = "The lmdeck server (default: " + DEFAULT_SERVER + ", env LMDECK_SERVER).")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The server's bearer token (default: env LMDECK_TOKEN).")
    String token;

    LmdeckHttp connect(CliContext context) {
        String url = server != null ? server : context.env("LMDECK_SERVER");
        if (url == null) {
            url = DEFAULT_SERVER;
        }
        String bearer = token != null ? token : context.env("LMDECK_TOKEN");
        return new LmdeckHttp(parse(url), bearer);
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw CliFailure.usage("--server must be an http:// or https:// URL, like " + DEFAULT_SERVER
                        + " (got " + url + ")");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliFailure.usage("--server is not a valid URL: " + url);
        }
    }
}
