package io.lmdeck.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Replaces Javalin's default error pages: every error is the JSON envelope, never HTML or a stack trace. */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** "METHOD /path", or null when Jetty has already recycled the request. */
    private static String describe(Context ctx) {
        try {
            return ctx.method() + " " + ctx.path();
        } catch (RuntimeException recycled) {
            return null;
        }
    }

    static void register(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> HttpApi.writeError(ctx, e));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> HttpApi.writeError(ctx, HttpApi.fromJavalin(e)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            String request = describe(ctx);
            if (request == null || ctx.res().isCommitted()) {
                // The exchange is already over (an SSE client left, or the server is stopping): nothing can be
                // written, and touching the recycled request again would throw from inside this handler, which
                // Javalin hands straight back to it, over and over.
                LOG.debug("Error after the response was finished: {}", e.toString());
                return;
            }
            LOG.error("Unexpected error on {}", request, e);
            HttpApi.writeError(ctx, new ApiException(500, "internal_error", "Internal error; the server log has the details"));
        });
        // Statuses set without an exception (e.g. by the static file handler) still get an envelope.
        // A route that wrote its own answer (the gateway's, in its caller's dialect) committed it: leave it alone.
        config.routes.error(404, ctx -> {
            if (ctx.resultInputStream() == null && !ctx.res().isCommitted()) {
                HttpApi.writeError(ctx, new ApiException(404, "not_found", "No such endpoint or file"));
            }
        });
        config.routes.error(500, ctx -> {
            if (ctx.resultInputStream() == null && !ctx.res().isCommitted()) {
                HttpApi.writeError(ctx, new ApiException(500, "internal_error", "Internal error; the server log has the details"));
            }
        });
    }
}
