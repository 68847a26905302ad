package io.lmdeck.cli;

import io.lmdeck.server.ServerOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Starts the lmdeck server for {@code serve}; tests pass their own. */
interface ServerLauncher {
    Running start(ServerOptions options) throws Exception;

    /** A started server. */
    interface Running extends AutoCloseable {
        /** The URL to open, without a token. */
        String url();

        @Override
        void close();
    }

    /** {@code io.lmdeck.server.LmdeckServer.start(options)}. */
    static ServerLauncher lmdeckServer() {
        return options -> {
            Class<?> type;
            try {
                type = Class.forName("io.lmdeck.server.LmdeckServer");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("this build of lmdeck has no server (io.lmdeck.server.LmdeckServer)");
            }
            Object server;
            try {
                server = type.getMethod("start", ServerOptions.class).invoke(null, options);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
            }
            Method url = type.getMethod("url");
            Method close = type.getMethod("close");
            return new Running() {
                @Override
                public String url() {
                    try {
                        return String.valueOf(url.invoke(server));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void close() {
                    try {
                        close.invoke(server);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        };
    }
}
