package io.lmdeck.cli;

import io.lmdeck.server.LmdeckServer;
import io.lmdeck.server.ServerOptions;

/** Starts the lmdeck server for {@code serve}; tests pass their own. */
interface ServerLauncher {
    Running start(ServerOptions options) throws Exception;

    /** A started server. */
    interface Running extends AutoCloseable {
        /** The URL to open, without a token. */
        String url();

        /** The LM Studio it talks to (the bundled simulator's URL with --simulator). */
        String lmstudioUrl();

        @Override
        void close();
    }

    /** {@link LmdeckServer#start(ServerOptions)}. */
    static ServerLauncher lmdeckServer() {
        return options -> {
            LmdeckServer server = LmdeckServer.start(options);
            return new Running() {
                @Override
                public String url() {
                    return server.url().toString();
                }

                @Override
                public String lmstudioUrl() {
                    return server.lmstudioUrl().toString();
                }

                @Override
                public void close() {
                    server.close();
                }
            };
        };
    }
}
