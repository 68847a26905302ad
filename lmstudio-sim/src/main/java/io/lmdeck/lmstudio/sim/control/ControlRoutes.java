package io.lmdeck.lmstudio.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import io.lmdeck.lmstudio.sim.engine.LoadingModel;
import io.lmdeck.lmstudio.sim.engine.RequestCounters;
import io.lmdeck.lmstudio.sim.engine.SimSettings;
import io.lmdeck.lmstudio.sim.rest.ApiError;
import io.lmdeck.lmstudio.sim.rest.Responses;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The HTTP twin of {@link SimulatorControl} under {@code /_sim/...} (outside LM Studio's namespace). */
public final class ControlRoutes {
    private final SimulatorControl control;
    private final Responses responses;
    private final ScheduledExecutorService scheduler;

    public ControlRoutes(SimulatorControl control, Responses responses, ScheduledExecutorService scheduler) {
        this.control = control;
        this.responses = responses;
        this.scheduler = scheduler;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/_sim/state", ctx -> responses.json(ctx, 200, state()));
        routes.post("/_sim/failures", this::injectFailure);
        routes.post("/_sim/failures/clear", this::clearFailures);
        routes.post("/_sim/load", this::load);
        routes.post("/_sim/unload", this::unload);
        routes.post("/_sim/offline", this::offline);
        routes.post("/_sim/settings", this::settings);
        routes.post("/_sim/reset", ctx -> {
            control.reset();
            responses.json(ctx, 200, state());
        });
        routes.post("/_sim/counters/reset", ctx -> {
            control.resetCounters();
            responses.json(ctx, 200, state());
        });
        routes.post("/_sim/expire-idle", ctx -> {
            control.expireIdleInstances();
            responses.json(ctx, 200, state());
        });
    }

    private void injectFailure(Context ctx) {
        ObjectNode body = responses.bodyObject(ctx);
        String model = text(body, "model");
        FailureMode mode;
        try {
            mode = FailureMode.valueOf(text(body, "mode").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'mode' must be one of insufficient_memory, engine_crash, hang");
        }
        JsonNode times = body.get("times");
        if (times != null && !(times.isIntegralNumber() && times.asInt() > 0)) {
            throw ApiError.badRequest("'times' must be a positive integer");
        }
        try {
            if (times == null) control.injectFailure(model, mode); else control.injectFailure(model, mode, times.asInt());
        } catch (LoadFailedException e) {
            throw new ApiError(404, "model_not_found", e.getMessage(), null, null);
        }
        responses.json(ctx, 200, state());
    }

    private void clearFailures(Context ctx) {
        ObjectNode body = ctx.body().isBlank() ? responses.object() : responses.bodyObject(ctx);
        if (body.hasNonNull("model")) control.clearFailure(text(body, "model")); else control.clearFailures();
        responses.json(ctx, 200, state());
    }

    private void load(Context ctx) {
        ObjectNode body = responses.bodyObject(ctx);
        String model = text(body, "model");
        Integer contextLength = body.hasNonNull("context_length") ? body.get("context_length").asInt() : null;
        String identifier = body.hasNonNull("identifier") ? body.get("identifier").asText() : null;
        LoadSettings settings = new LoadSettings(identifier, contextLength, null, null, null, null, null, null, null);
        try {
            if (body.path("wait").asBoolean(true)) {
                responses.json(ctx, 200, instance(control.loadExternally(model, settings)));
            } else {
                String id = control.startExternalLoad(model, settings).identifier();
                responses.json(ctx, 202, responses.object().put("identifier", id).put("status", "loading"));
            }
        } catch (LoadFailedException e) {
            throw new ApiError(e.error().name().equals("MODEL_NOT_FOUND") ? 404 : 500,
                    e.error().name().toLowerCase(Locale.ROOT), e.getMessage(), null, null);
        }
    }

    private void unload(Context ctx) {
        String id = text(responses.bodyObject(ctx), "instance_id");
        if (!control.unloadExternally(id)) {
            throw new ApiError(404, "model_not_found", "No loaded instance \"" + id + "\"", null, null);
        }
        responses.json(ctx, 200, state());
    }

    private void offline(Context ctx) {
        ObjectNode body = ctx.body().isBlank() ? responses.object() : responses.bodyObject(ctx);
        JsonNode seconds = body.get("seconds");
        if (seconds != null && !(seconds.isNumber() && seconds.asDouble() > 0)) {
            throw ApiError.badRequest("'seconds' must be a positive number");
        }
        responses.json(ctx, 202, responses.object().put("offline", true)
                .put("seconds", seconds == null ? null : seconds.asDouble()));
        // Answer first, then drop the listener: stopping inside the request would cut this very response.
        scheduler.schedule(() -> {
            if (seconds == null) control.goOffline();
            else control.goOffline(Duration.ofMillis(Math.round(seconds.asDouble() * 1000)));
        }, 100, TimeUnit.MILLISECONDS);
    }

    private void settings(Context ctx) {
        ObjectNode body = responses.bodyObject(ctx);
        SimSettings s = control.engine().settings();
        try {
            if (body.has("load_seconds_per_gb")) s.loadSecondsPerGb(number(body, "load_seconds_per_gb"));
            if (body.has("jit")) s.jit(bool(body, "jit"));
            if (body.has("empty_loaded_instances_bug")) s.emptyLoadedInstancesBug(bool(body, "empty_loaded_instances_bug"));
            if (body.has("old_server")) s.oldServer(bool(body, "old_server"));
            if (body.has("unknown_route_status")) s.unknownRouteStatus((int) number(body, "unknown_route_status"));
            if (body.has("memory_budget_bytes")) s.memoryBudgetBytes((long) number(body, "memory_budget_bytes"));
            if (body.has("token_delay_ms")) s.tokenDelayMillis((long) number(body, "token_delay_ms"));
            if (body.has("auto_evict")) s.autoEvict(bool(body, "auto_evict"));
            if (body.has("context_length_limit")) {
                s.contextLengthLimit(body.get("context_length_limit").isNull() ? null
                        : (int) number(body, "context_length_limit"));
            }
            if (body.has("single_model_answers_any_name")) {
                s.singleModelAnswersAnyName(bool(body, "single_model_answers_any_name"));
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        responses.json(ctx, 200, state());
    }

    private ObjectNode state() {
        SimSettings s = control.engine().settings();
        ObjectNode n = responses.object();
        n.put("jit", s.jit());
        n.put("load_seconds_per_gb", s.loadSecondsPerGb());
        n.put("memory_budget_bytes", s.memoryBudgetBytes());
        n.put("empty_loaded_instances_bug", s.emptyLoadedInstancesBug());
        n.put("old_server", s.oldServer());
        n.put("unknown_route_status", s.unknownRouteStatus());
        n.put("auto_evict", s.autoEvict());
        n.put("token_delay_ms", s.tokenDelayMillis());
        n.put("single_model_answers_any_name", s.singleModelAnswersAnyName());
        if (s.contextLengthLimit() == null) n.putNull("context_length_limit");
        else n.put("context_length_limit", s.contextLengthLimit());
        n.put("load_calls", control.loadCalls());
        RequestCounters counters = control.counters();
        n.put("jit_loads", counters.jitLoads());
        ArrayNode busy = n.putArray("busy_unloads");
        for (RequestCounters.BusyUnload b : counters.busyUnloads()) {
            busy.addObject().put("identifier", b.identifier()).put("in_flight", b.inFlight());
        }
        ObjectNode inFlight = n.putObject("in_flight");
        counters.inFlight().forEach((id, f) -> inFlight.putObject(id).put("current", f.current())
                .put("high_water", f.highWater()));
        ObjectNode failures = n.putObject("failures");
        control.failures().forEach((k, v) -> failures.put(k, v.name().toLowerCase(Locale.ROOT)));
        ArrayNode instances = n.putArray("instances");
        for (Instance i : control.instances()) instances.add(instance(i));
        ArrayNode loading = n.putArray("loading");
        for (LoadingModel l : control.loading()) {
            loading.addObject().put("identifier", l.identifier()).put("model", l.modelKey())
                    .put("progress", l.progress()).put("jit", l.jit());
        }
        return n;
    }

    private ObjectNode instance(Instance i) {
        ObjectNode n = responses.mapper().valueToTree(i);
        return n;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) throw ApiError.badRequest("'" + field + "' must be a string");
        return v.asText();
    }

    private static double number(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isNumber()) throw ApiError.badRequest("'" + field + "' must be a number");
        return v.asDouble();
    }

    private static boolean bool(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isBoolean()) throw ApiError.badRequest("'" + field + "' must be a boolean");
        return v.asBoolean();
    }
}
