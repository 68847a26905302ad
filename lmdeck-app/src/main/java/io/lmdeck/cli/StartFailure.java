package io.lmdeck.cli;

import io.lmdeck.server.ServerOptions;
import java.net.BindException;
import java.sql.SQLException;

/** One clear line saying why the server did not start, and what to do about it. */
final class StartFailure {
    private StartFailure() {
    }

    static String explain(Exception e, ServerOptions options) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "cannot listen on " + options.bind() + ":" + options.port() + " (" + cause.getMessage() + ")"
                        + " — is lmdeck already running? Stop it, or pick another port with --port";
            }
            if (cause instanceof SQLException) {
                String where = options.dbUrl() != null ? "the PostgreSQL database " + redact(options.dbUrl())
                        : "the SQLite database in " + options.dataDir();
                return "cannot open " + where + ": " + cause.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.getMessage();
        return "cannot start the server: " + (message != null ? message : root.getClass().getSimpleName());
    }

    /** A JDBC URL without its query (which may carry a password). */
    static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
