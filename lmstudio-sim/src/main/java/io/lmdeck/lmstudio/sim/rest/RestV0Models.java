package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadingModel;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * REST v0 model list: one entry per instance (ids {@code key}, {@code key:2}...), {@code state} not-loaded /
 * loading / loaded, and only loaded models when JIT is off.
 */
public final class RestV0Models {
    private final ModelEngine engine;
    private final Responses responses;
    private final ModelShapes shapes;

    public RestV0Models(ModelEngine engine, Responses responses) {
        this.engine = engine;
        this.responses = responses;
        this.shapes = new ModelShapes(responses.mapper());
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/v0/models", this::list);
        routes.get("/api/v0/models/<id>", this::one);
    }

    private void list(Context ctx) {
        ObjectNode body = responses.object();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        entries().forEach(data::add);
        responses.json(ctx, 200, body);
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        for (ObjectNode entry : entries()) {
            if (entry.get("id").asText().equals(id)) {
                responses.json(ctx, 200, entry);
                return;
            }
        }
        throw new ApiError(404, "model_not_found", "Model \"" + id + "\" not found", "model_not_found", null);
    }

    private List<ObjectNode> entries() {
        List<Instance> instances = engine.instances();
        List<LoadingModel> loading = engine.loading();
        boolean jit = engine.settings().jit();
        List<ObjectNode> out = new ArrayList<>();
        for (CatalogModel m : engine.catalog().models()) {
            boolean any = false;
            for (Instance i : instances) {
                if (!i.modelKey().equals(m.key())) continue;
                out.add(shapes.v0Model(m, i.identifier(), "loaded", i.contextLength()));
                any = true;
            }
            for (LoadingModel l : loading) {
                if (!l.modelKey().equals(m.key())) continue;
                out.add(shapes.v0Model(m, l.identifier(), "loading", null));
                any = true;
            }
            if (!any && jit) out.add(shapes.v0Model(m, m.key(), "not-loaded", null));
        }
        return out;
    }
}
