package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;
import io.lmdeck.lmstudio.sim.engine.LoadHandle;
import io.lmdeck.lmstudio.sim.engine.LoadListener;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** REST v1 model management: list, load (blocking, always a new instance), unload. */
public final class RestV1Models {
    private static final Set<String> LOAD_KEYS = Set.of("model", "context_length", "eval_batch_size",
            "flash_attention", "num_experts", "offload_kv_cache_to_gpu", "echo_load_config");

    private final ModelEngine engine;
    private final Responses responses;
    private final ModelShapes shapes;

    public RestV1Models(ModelEngine engine, Responses responses) {
        this.engine = engine;
        this.responses = responses;
        this.shapes = new ModelShapes(responses.mapper());
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/v1/models", this::list);
        routes.post("/api/v1/models/load", this::load);
        routes.post("/api/v1/models/unload", this::unload);
    }

    private void list(Context ctx) {
        List<Instance> instances = engine.instances();
        boolean hideInstances = engine.settings().emptyLoadedInstancesBug();
        ObjectNode body = responses.object();
        ArrayNode models = body.putArray("models");
        for (CatalogModel m : engine.catalog().models()) {
            List<Instance> mine = hideInstances ? List.of()
                    : instances.stream().filter(i -> i.modelKey().equals(m.key())).collect(Collectors.toList());
            models.add(shapes.v1Model(m, mine));
        }
        responses.json(ctx, 200, body);
    }

    private void load(Context ctx) {
        ObjectNode body = responses.bodyObject(ctx);
        Zod.closed(body, LOAD_KEYS);
        String model = Zod.requiredString(body, "model");
        LoadSettings settings = new LoadSettings(null, Zod.optionalPositiveInt(body, "context_length"), null,
                Zod.optionalBoolean(body, "flash_attention"), Zod.optionalPositiveInt(body, "eval_batch_size"), null,
                Zod.optionalPositiveInt(body, "num_experts"), Zod.optionalBoolean(body, "offload_kv_cache_to_gpu"), null);
        boolean echo = Boolean.TRUE.equals(Zod.optionalBoolean(body, "echo_load_config"));
        LoadHandle handle;
        try {
            handle = engine.startLoad(model, settings, false, LoadListener.NONE);
        } catch (LoadFailedException e) {
            throw LoadErrors.toApiError(e);
        }
        Instance instance = LoadErrors.await(handle);
        CatalogModel m = engine.model(instance.modelKey());
        ObjectNode out = responses.object();
        out.put("type", m.type());
        out.put("instance_id", instance.identifier());
        out.put("load_time_seconds", instance.loadTimeSeconds());
        out.put("status", "loaded");
        if (echo) out.set("load_config", shapes.v1LoadConfig(m, instance, false));
        responses.json(ctx, 200, out);
    }

    private void unload(Context ctx) {
        ObjectNode body = responses.bodyObject(ctx);
        Zod.closed(body, Set.of("instance_id"));
        String id = Zod.requiredString(body, "instance_id");
        if (!engine.unload(id)) {
            throw new ApiError(404, "model_not_found", "No loaded model instance found with id \"" + id + "\"",
                    null, null);
        }
        ObjectNode out = responses.object();
        out.put("instance_id", id);
        responses.json(ctx, 200, out);
    }
}
