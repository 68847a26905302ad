package io.lmdeck.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.GpuOffload;
import io.lmdeck.lifecycle.LifecycleException;
import io.lmdeck.lifecycle.LmStudioStatus;
import io.lmdeck.lifecycle.LoadRequest;
import io.lmdeck.lifecycle.LoadTicket;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.lifecycle.ModelState;
import io.lmdeck.lifecycle.UnloadRequest;
import io.lmdeck.lifecycle.UnloadResult;
import io.lmdeck.presets.Presets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code /api/models/lmstudio[/load|/unload|/cancel|/status]}: thin translation onto {@link ModelLifecycle}. */
final class ModelRoutes {
    private static final Set<String> LOAD_FIELDS = Set.of("model_id", "context_length", "gpu_offload", "ttl_seconds", "keep_others");
    private static final Set<String> UNLOAD_FIELDS = Set.of("model_id", "instance_id", "all");
    private static final Set<String> CANCEL_FIELDS = Set.of("operation_id");
    /** Longer than any model LM Studio can load today; guards against typos like 10^9. */
    private static final int MAX_CONTEXT = 16 * 1024 * 1024;
    private static final int MAX_TTL_SECONDS = 365 * 24 * 3600;

    private final ModelLifecycle lifecycle;
    private final Presets presets;
    private final SnapshotJson<Catalog> catalogJson;
    private final SnapshotJson<LmStudioStatus> statusJson;

    ModelRoutes(ModelLifecycle lifecycle, ObjectMapper mapper, Presets presets) {
        this.lifecycle = lifecycle;
        this.presets = presets;
        this.catalogJson = new SnapshotJson<>(mapper, catalog -> catalog);
        this.statusJson = new SnapshotJson<>(mapper, status -> Map.of("lmstudio", status));
    }

    void catalog(Context ctx) {
        ctx.contentType("application/json").result(catalogJson.of(lifecycle.catalog()));
    }

    void status(Context ctx) {
        ctx.contentType("application/json").result(statusJson.of(lifecycle.status()));
    }

    void load(Context ctx) {
        JsonBody body = JsonBody.read(ctx, LOAD_FIELDS);
        String modelId = body.requiredString("model_id");
        LoadRequest request = presets.withDefaults(new LoadRequest(
                modelId,
                body.optionalInt("context_length", 1, MAX_CONTEXT),
                gpuOffload(body),
                body.optionalInt("ttl_seconds", 1, MAX_TTL_SECONDS),
                body.optionalBoolean("keep_others", false),
                cause(ctx)));
        // Whether LM Studio has the model is the owner's to say, after its first look at LM Studio: checked here,
        // a load asked right after start-up would be refused on a catalogue not read yet.
        LoadTicket ticket = call(() -> lifecycle.load(request));
        ctx.status(ticket.state() == ModelState.LOADED ? 200 : 202).json(ticket);
    }

    void unload(Context ctx) {
        JsonBody body = JsonBody.read(ctx, UNLOAD_FIELDS);
        String modelId = body.optionalString("model_id");
        String instanceId = body.optionalString("instance_id");
        boolean all = body.optionalBoolean("all", false);
        if (body.has("all") && !all) {
            throw ApiException.badRequest("Field 'all' can only be true; to unload one model send {\"model_id\":…}");
        }
        int given = (modelId != null ? 1 : 0) + (instanceId != null ? 1 : 0) + (all ? 1 : 0);
        if (given != 1) {
            throw ApiException.badRequest("Send exactly one of {\"model_id\":…}, {\"instance_id\":…} or {\"all\":true}");
        }
        Cause cause = cause(ctx);
        UnloadRequest request;
        if (modelId != null) {
            request = UnloadRequest.model(modelId, cause);
        } else if (instanceId != null) {
            request = UnloadRequest.instance(instanceId, cause);
        } else {
            request = UnloadRequest.everything(cause);
        }
        UnloadResult result = call(() -> lifecycle.unload(request));
        if (result.draining()) { // requests still run on it: unloaded when they end (contract §6)
            ctx.status(202).json(java.util.Map.of("state", "draining"));
        } else {
            ctx.json(result);
        }
    }

    void cancel(Context ctx) {
        JsonBody body = JsonBody.read(ctx, CANCEL_FIELDS);
        String operationId = body.requiredString("operation_id");
        ctx.json(call(() -> lifecycle.cancel(operationId)));
    }

    private static GpuOffload gpuOffload(JsonBody body) {
        if (!body.has("gpu_offload")) {
            return null;
        }
        JsonNode raw = body.raw("gpu_offload");
        if (raw.isTextual() && raw.asText().equals("max")) {
            return GpuOffload.maximum();
        }
        if (!raw.isNumber()) {
            throw JsonBody.wrongType("gpu_offload", "a number between 0 and 1, or \"max\"");
        }
        return GpuOffload.ratio(body.optionalDouble("gpu_offload", 0, 1));
    }

    /** Who asked, for the activity log: the UI and the CLI say so in {@code X-Lmdeck-Client}. */
    static Cause cause(Context ctx) {
        String client = ctx.header("X-Lmdeck-Client");
        if (client == null) {
            return Cause.API;
        }
        switch (client.trim().toLowerCase(Locale.ROOT)) {
            case "ui":
                return Cause.USER;
            case "cli":
                return Cause.CLI;
            default:
                return Cause.API;
        }
    }

    static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (LifecycleException e) {
            throw ErrorMapping.toApi(e);
        }
    }
}
