package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.ArrayList;
import java.util.List;

/** OpenAI-compatible {@code GET /v1/models} (JIT dependent) and {@code POST /v1/embeddings} (+ v0 twin). */
public final class OpenAiModelsAndEmbeddings {
    private static final int EMBEDDING_DIMENSIONS = 768;

    private final ModelEngine engine;
    private final InferenceRouter router;
    private final Responses responses;
    private final ModelShapes shapes;
    private final ReplyText vectors;

    public OpenAiModelsAndEmbeddings(ModelEngine engine, InferenceRouter router, Responses responses, long seed) {
        this.engine = engine;
        this.router = router;
        this.responses = responses;
        this.shapes = new ModelShapes(responses.mapper());
        this.vectors = new ReplyText(seed);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/v1/models", this::models);
        routes.post("/v1/embeddings", this::embeddings);
        routes.post("/api/v0/embeddings", this::embeddings);
    }

    private void models(Context ctx) {
        ObjectNode body = responses.object();
        ArrayNode data = body.putArray("data");
        if (engine.settings().jit()) {
            for (CatalogModel m : engine.catalog().models()) data.add(shapes.openAiModel(m.key()));
        } else {
            for (Instance i : engine.instances()) data.add(shapes.openAiModel(i.identifier()));
        }
        body.put("object", "list");
        responses.json(ctx, 200, body);
    }

    private void embeddings(Context ctx) {
        ObjectNode body = OpenAiBodies.object(responses, ctx);
        List<String> inputs = inputs(body.get("input"));
        Instance instance = OpenAiBodies.instance(router, body);
        CatalogModel model = engine.model(instance.modelKey());
        if (!model.isEmbedding()) {
            throw InferenceErrors.invalid("Model \"" + instance.identifier() + "\" is not an embedding model. "
                    + "Please load an embedding model.", "model");
        }
        try (Generation computing = Generation.begin(engine, instance, "computingEmbedding")) {
            ObjectNode out = responses.object();
            out.put("object", "list");
            ArrayNode data = out.putArray("data");
            for (int i = 0; i < inputs.size(); i++) {
                ObjectNode e = data.addObject();
                e.put("object", "embedding");
                ArrayNode vector = e.putArray("embedding");
                for (float f : vectors.embedding(inputs.get(i), EMBEDDING_DIMENSIONS)) vector.add(f);
                e.put("index", i);
            }
            String variant = model.quantization() == null ? instance.identifier()
                    : instance.identifier() + "@" + model.quantization().toLowerCase(java.util.Locale.ROOT);
            out.put("model", variant);
            ObjectNode usage = out.putObject("usage");
            usage.put("prompt_tokens", 0);
            usage.put("total_tokens", 0);
            responses.json(ctx, 200, out);
        }
    }

    private static List<String> inputs(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input != null && input.isTextual()) {
            out.add(input.asText());
        } else if (input != null && input.isArray() && input.size() > 0) {
            for (JsonNode n : input) {
                if (!n.isTextual()) throw InferenceErrors.invalid("'input' must be a string or an array of strings", "input");
                out.add(n.asText());
            }
        } else {
            throw InferenceErrors.invalid("'input' field is required and must be a string or an array of strings", "input");
        }
        return out;
    }
}
