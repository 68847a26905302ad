package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.Set;

/**
 * Everything LM Studio serves over plain HTTP: greeting, REST v0/v1, OpenAI-compatible routes, the auth check,
 * the "Unexpected endpoint or method" fallback and the error envelopes.
 */
public final class RestApi {
    /** The LM Studio version the simulator claims to be (also the websocket {@code version} RPC). */
    public static final String SERVER_VERSION = "0.4.24";
    private static final Set<String> OPEN_PATHS =
            Set.of("/lmstudio-greeting", "/lms-status", "/llm", "/embedding", "/system", "/diagnostics",
                    "/files", "/repository", "/plugins", "/runtime");

    private final ModelEngine engine;
    private final Responses responses;
    private final String token;
    private final long seed;

    /** @param token the API token every request must present as Bearer, or null when auth is off */
    public RestApi(ModelEngine engine, Responses responses, String token, long seed) {
        this.engine = engine;
        this.responses = responses;
        this.token = token;
        this.seed = seed;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        InferenceRouter router = new InferenceRouter(engine);
        routes.before(this::guard);
        routes.get("/lmstudio-greeting", ctx -> responses.json(ctx, 200, responses.object().put("lmstudio", true)));
        routes.get("/lms-status", ctx -> responses.json(ctx, 200,
                responses.object().put("package", "lmstudio-sim").put("version", SERVER_VERSION)));
        new RestV0Models(engine, responses).register(routes);
        new RestV1Models(engine, responses).register(routes);
        new RestV1Downloads(engine, responses, seed).register(routes);
        new RestV1Chat(engine, router, responses, seed).register(routes);
        new ChatCompletions(engine, router, responses, seed).register(routes);
        new TextCompletions(engine, router, responses, seed).register(routes);
        new OpenAiModelsAndEmbeddings(engine, router, responses, seed).register(routes);
        new OpenAiResponses(engine, router, responses, seed).register(routes);
        new AnthropicMessages(engine, router, responses, seed).register(routes);
        routes.exception(ApiError.class, (e, ctx) -> responses.error(ctx, e));
        routes.exception(InferenceErrors.OpenAiError.class,
                (e, ctx) -> responses.openAiError(ctx, e.status, e.getMessage(), e.param, e.code));
        routes.exception(Exception.class, (e, ctx) -> responses.error(ctx,
                new ApiError(500, "internal_error", "Internal error: " + e.getClass().getSimpleName(), null, null)));
        routes.error(404, ctx -> {
            if (ctx.attribute(Responses.ANSWERED) == null) {
                responses.unexpectedEndpoint(ctx, engine.settings().unknownRouteStatus());
            }
        });
    }

    private void guard(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/_sim/") || OPEN_PATHS.contains(path)) return;
        if (token != null && !authorized(ctx.header("Authorization"), ctx.header("x-api-key"))) {
            ObjectNode err = responses.object();
            err.put("type", "invalid_request");
            err.put("code", "invalid_api_key");
            err.put("message", ctx.header("Authorization") == null
                    ? "An LM Studio API token is required to make requests to this server, but none was provided "
                    + "using the Authorization header using the 'Bearer' scheme. Create an API token in the "
                    + "Developer page of LM Studio and send it as 'Authorization: Bearer <token>'."
                    : "The provided LM Studio API token is invalid.");
            ObjectNode body = responses.object();
            body.set("error", err);
            responses.json(ctx, 401, body);
            ctx.skipRemainingHandlers();
            return;
        }
        if (engine.settings().oldServer() && path.startsWith("/api/v1/")) {
            responses.unexpectedEndpoint(ctx, engine.settings().unknownRouteStatus());
            ctx.skipRemainingHandlers();
        }
    }

    /** LM Studio takes the token as {@code Authorization: Bearer} or, for Anthropic clients, {@code x-api-key}. */
    private boolean authorized(String header, String apiKey) {
        return (header != null && header.equals("Bearer " + token)) || token.equals(apiKey);
    }
}
