package io.lmdeck.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.lmdeck.activity.ActivityLog;
import io.lmdeck.chat.ChatRoute;
import io.lmdeck.chat.ChatUpstream;
import io.lmdeck.events.EventFeed;
import io.lmdeck.gateway.Dialect;
import io.lmdeck.gateway.Endpoint;
import io.lmdeck.gateway.Forwarder;
import io.lmdeck.gateway.GatewayError;
import io.lmdeck.gateway.GatewayRoutes;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.metrics.LmdeckMetrics;
import io.lmdeck.presets.PresetRoutes;
import io.lmdeck.presets.Presets;
import io.lmdeck.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lmdeck's HTTP API on Javalin (contract sections 2, 3 and 5), started on {@link HttpSettings#bind()} and
 * {@link HttpSettings#port()} (0 picks a free port). Serves the web UI from classpath {@code /public} when present
 * ({@link UiFiles}).
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** SSE and chat streams can be quiet for a while; the SSE heartbeat keeps its streams well inside this. */
    private static final long IDLE_TIMEOUT_MS = 5 * 60_000L;

    private final Javalin app;
    private final SseHub hub;
    private final LmdeckMetrics metrics;
    private final GatewayRoutes gateway;
    private final URI url;
    private final List<String> routes;

    private HttpApi(Javalin app, SseHub hub, LmdeckMetrics metrics, GatewayRoutes gateway, URI url, List<String> routes) {
        this.gateway = gateway;
        this.routes = List.copyOf(routes);
        this.app = app;
        this.hub = hub;
        this.metrics = metrics;
        this.url = url;
    }

    /**
     * Starts listening. Refuses (IllegalArgumentException) a non-loopback bind without a token.
     * The caller keeps ownership of {@code lifecycle}, {@code feed} and {@code activity}.
     */
    /** Refuses (IllegalArgumentException) a non-loopback bind without a token; call before starting anything else. */
    public static void checkBind(HttpSettings settings) {
        AccessGuard.checkBind(settings);
    }

    public static HttpApi start(HttpSettings settings, ModelLifecycle lifecycle, EventFeed feed, ActivityLog activity, ChatUpstream chat) {
        return start(settings, lifecycle, feed, activity, chat, Presets.inMemory(lifecycle::catalog));
    }

    /** As below, with the gateway forwarding to LM Studio's default address without a token. */
    public static HttpApi start(HttpSettings settings, ModelLifecycle lifecycle, EventFeed feed, ActivityLog activity,
                                ChatUpstream chat, Presets presets) {
        return start(settings, lifecycle, feed, activity, chat, presets,
                new Forwarder(Forwarder.defaultClient(), URI.create("http://localhost:1234"), null));
    }

    /** @param gateway how the gateway's {@code /v1/*} requests reach LM Studio (its URL and token) */
    public static HttpApi start(HttpSettings settings, ModelLifecycle lifecycle, EventFeed feed, ActivityLog activity,
                                ChatUpstream chat, Presets presets, Forwarder gateway) {
        AccessGuard.checkBind(settings);
        ObjectMapper mapper = Json.newMapper();
        SseFrames frames = new SseFrames(mapper);
        LmdeckMetrics metrics = new LmdeckMetrics(lifecycle, feed);
        SseHub hub = new SseHub(feed, activity, lifecycle, frames, settings.heartbeat());
        metrics.sseClients(hub::clientCount);
        AccessGuard guard = new AccessGuard(settings);
        ModelRoutes models = new ModelRoutes(lifecycle, mapper, presets);
        PresetRoutes presetRoutes = new PresetRoutes(presets);
        presets.applyPoliciesTo(lifecycle::applyPolicies); // pins, TTLs and slots: now, and after every change
        ActivityRoutes activityRoutes = new ActivityRoutes(activity);
        EventStreamRoute events = new EventStreamRoute(hub, settings.sseClientBuffer());
        ChatRoute chatRoute = new ChatRoute(lifecycle, chat, frames, metrics, settings.chatMaxWait());
        GatewayRoutes gatewayRoutes = new GatewayRoutes(lifecycle, presets, gateway, hub::publishLive, metrics,
                settings.gatewayWait());
        byte[] openApi = resource("/io/lmdeck/http/openapi.json");
        UiFiles ui = new UiFiles(HttpApi.class.getClassLoader());

        List<String> routes = new ArrayList<>();
        Javalin app = Javalin.create(config -> {
            configure(config, mapper);
            config.routes.before(guard::check);
            if (ui.present()) {
                config.routes.before(ui::serve);
            }
            Routes r = new Routes(config, routes);
            r.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            r.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            r.get("/api/models/lmstudio", models::catalog);
            r.post("/api/models/lmstudio/load", models::load);
            r.post("/api/models/lmstudio/unload", models::unload);
            r.post("/api/models/lmstudio/cancel", models::cancel);
            r.get("/api/models/lmstudio/status", models::status);
            r.get("/api/activity", activityRoutes::page);
            r.get("/api/events", events::handle);
            r.post("/api/chat", chatRoute::handle);
            r.get(PresetRoutes.ALL, presetRoutes::list);
            r.get(PresetRoutes.ONE, presetRoutes::get);
            r.put(PresetRoutes.ONE, presetRoutes::put);
            r.delete(PresetRoutes.ONE, presetRoutes::delete);
            r.get("/api/requests", ctx -> ctx.json(Map.of("requests", lifecycle.gatewayRequests())));
            // The gateway speaks OpenAI's and Anthropic's APIs, documented by them: not part of lmdeck's OpenAPI.
            config.routes.get("/v1/models", gatewayRoutes::models);
            for (Endpoint endpoint : Endpoint.values()) {
                config.routes.post(endpoint.path(), ctx -> gatewayRoutes.forward(ctx, endpoint));
            }
            ErrorResponses.register(config);
        });
        try {
            app.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            gatewayRoutes.close();
            hub.close();
            metrics.close();
            throw e;
        }
        // A non-streamed gateway request is silent while it waits (up to --gateway-wait) and while LM Studio generates.
        long idleTimeout = IDLE_TIMEOUT_MS + settings.gatewayWait().toMillis();
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector) {
                ((ServerConnector) connector).setIdleTimeout(idleTimeout);
            }
        }
        String host = urlHost(settings.bind());
        URI url = URI.create("http://" + host + ":" + app.port());
        LOG.info("lmdeck HTTP API listening on {}", url);
        return new HttpApi(app, hub, metrics, gatewayRoutes, url, routes);
    }

    /** Registers routes and remembers them. */
    private static final class Routes {
        private final JavalinConfig config;
        private final List<String> names;

        Routes(JavalinConfig config, List<String> names) {
            this.config = config;
            this.names = names;
        }

        /** OpenAPI's spelling of a path: Javalin's {@code <model_id>} (slashes allowed) is {@code {model_id}}. */
        private static String described(String path) {
            return path.replaceAll("<([^>]+)>", "{$1}");
        }

        void get(String path, io.javalin.http.Handler handler) {
            config.routes.get(path, handler);
            names.add("GET " + described(path));
        }

        void post(String path, io.javalin.http.Handler handler) {
            config.routes.post(path, handler);
            names.add("POST " + described(path));
        }

        void put(String path, io.javalin.http.Handler handler) {
            config.routes.put(path, handler);
            names.add("PUT " + described(path));
        }

        void delete(String path, io.javalin.http.Handler handler) {
            config.routes.delete(path, handler);
            names.add("DELETE " + described(path));
        }
    }

    private static void configure(JavalinConfig config, ObjectMapper mapper) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jsonMapper(new JavalinJackson(mapper, false));
        config.http.prefer405over404 = true;
        config.http.compressionStrategy = CompressionStrategy.NONE; // SSE frames must leave at once
        config.http.maxRequestSize = JsonBody.MAX_BYTES;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyJsonErrors()));
        config.jetty.modifyServletContextHandler(context -> {
            context.setErrorHandler(new JettyJsonErrors());
            context.addFilter(new FilterHolder(new IgnoredMethodOverride()), "/*", EnumSet.of(DispatcherType.REQUEST));
        });
    }

    /** The host to put in the URL a person opens: a wildcard bind is reached on loopback. */
    private static String urlHost(String bind) {
        if (bind.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (bind.equals("::") || bind.equals("[::]")) {
            return "[::1]";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private static byte[] resource(String path) {
        try (InputStream in = HttpApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return app.port();
    }

    /** Where the API listens, e.g. {@code http://127.0.0.1:8765}. */
    public URI url() {
        return url;
    }

    /** Every route served, as {@code "GET /api/activity"}; the OpenAPI test checks each is described. */
    public List<String> routes() {
        return routes;
    }

    /** Connected {@code GET /api/events} clients right now. */
    public int sseClients() {
        return hub.clientCount();
    }

    /** Jetty threads running a request right now (SSE clients hold none). */
    int busyServerThreads() {
        ThreadPool pool = app.jettyServer().server().getThreadPool();
        return pool instanceof QueuedThreadPool ? ((QueuedThreadPool) pool).getBusyThreads() : -1;
    }

    @Override
    public void close() {
        hub.close();
        app.stop();
        gateway.close();
        metrics.close();
    }

    /** Writes the error envelope; used by the exception mappers. */
    static void writeError(Context ctx, ApiException e) {
        if (AccessGuard.isGateway(ctx.path())) {
            writeGatewayError(ctx, e);
            return;
        }
        ctx.status(e.status());
        if (e.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        ctx.json(Map.of("error", Map.of("code", e.code(), "message", e.getMessage())));
    }

    /** On {@code /v1/*} a refusal is in the caller's dialect, so its SDK raises its own typed error. */
    private static void writeGatewayError(Context ctx, ApiException e) {
        Dialect dialect = Endpoint.ofPath(ctx.path()).map(Endpoint::dialect).orElse(Dialect.OPENAI);
        Long retry = e.retryAfter() == null ? null : Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        GatewayError error = dialect.refusal(e.status(), e.code(), e.getMessage(), retry);
        ctx.status(error.status());
        error.headers().forEach(ctx::header);
        ctx.contentType("application/json").result(error.body());
    }

    static ApiException fromJavalin(HttpResponseException e) {
        switch (e.getStatus()) {
            case 404:
                return new ApiException(404, "not_found", "No such endpoint; see /api/openapi.json");
            case 405:
                return new ApiException(405, "method_not_allowed", "Method not allowed on this endpoint; see /api/openapi.json");
            case 413:
                return JsonBody.tooLarge();
            default:
                return new ApiException(e.getStatus(), "http_" + e.getStatus(), e.getMessage() == null ? "Request failed" : e.getMessage());
        }
    }
}
