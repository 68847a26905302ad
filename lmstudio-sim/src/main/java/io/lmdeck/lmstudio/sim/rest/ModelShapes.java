package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.Instance;
import java.util.List;

/** The REST spellings of a model: v1 ({@code /api/v1/models}), v0 ({@code /api/v0/models}), OpenAI. */
final class ModelShapes {
    private final ObjectMapper mapper;

    ModelShapes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode v1Model(CatalogModel m, List<Instance> instances) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", m.type());
        n.put("publisher", m.publisher());
        n.put("key", m.key());
        n.put("display_name", m.displayName());
        if (!m.isEmbedding()) n.put("architecture", m.architecture());
        if (m.quantization() == null) {
            n.putNull("quantization");
        } else {
            ObjectNode q = n.putObject("quantization");
            q.put("name", m.quantization());
            if (m.bitsPerWeight() == null) q.putNull("bits_per_weight"); else q.put("bits_per_weight", m.bitsPerWeight());
        }
        n.put("size_bytes", m.sizeBytes());
        n.put("params_string", m.paramsString());
        ArrayNode loaded = n.putArray("loaded_instances");
        for (Instance i : instances) {
            ObjectNode li = loaded.addObject();
            li.put("id", i.identifier());
            li.set("config", v1LoadConfig(m, i, true));
        }
        n.put("max_context_length", m.maxContextLength());
        n.put("format", m.format());
        if (!m.isEmbedding()) {
            ObjectNode caps = n.putObject("capabilities");
            caps.put("vision", m.vision());
            caps.put("trained_for_tool_use", m.trainedForToolUse());
            if (m.reasoning()) {
                ObjectNode r = caps.putObject("reasoning");
                r.putArray("allowed_options").add("off").add("on");
                r.put("default", "on");
            }
        }
        n.put("description", m.description());
        if (!m.variants().isEmpty()) {
            ArrayNode v = n.putArray("variants");
            m.variants().forEach(v::add);
            n.put("selected_variant", m.variants().get(0));
        }
        return n;
    }

    /**
     * {@code loaded_instances[].config} (withParallel) or the load response's {@code load_config}: only the keys that
     * apply, so embedding models get just the context length and MLX models lack the llama.cpp-only keys.
     */
    ObjectNode v1LoadConfig(CatalogModel m, Instance i, boolean withParallel) {
        ObjectNode c = mapper.createObjectNode();
        c.put("context_length", i.contextLength());
        if (m.isEmbedding()) return c;
        if (withParallel && m.isMlx()) c.put("parallel", i.parallel());
        if (m.isMlx()) return c;
        c.put("eval_batch_size", i.evalBatchSize());
        if (withParallel) c.put("parallel", i.parallel());
        c.put("flash_attention", i.flashAttention());
        if (i.numExperts() != null) c.put("num_experts", i.numExperts());
        c.put("offload_kv_cache_to_gpu", i.offloadKvCacheToGpu());
        return c;
    }

    ObjectNode v0Model(CatalogModel m, String id, String state, Integer loadedContextLength) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("object", "model");
        n.put("type", m.isEmbedding() ? "embeddings" : m.vision() ? "vlm" : "llm");
        n.put("publisher", m.publisher());
        n.put("arch", m.architecture());
        n.put("compatibility_type", m.format());
        n.put("quantization", m.quantization());
        n.put("state", state);
        n.put("max_context_length", m.maxContextLength());
        if (loadedContextLength != null) n.put("loaded_context_length", loadedContextLength);
        if (m.trainedForToolUse()) n.putArray("capabilities").add("tool_use");
        return n;
    }

    ObjectNode openAiModel(String id) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("object", "model");
        n.put("owned_by", "organization_owner");
        return n;
    }
}
