package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.ModelDomain;

/**
 * Converts a {@link LoadConfig} to the SDK's {@code loadConfigStack}: one {@code apiOverride} layer of KV fields
 * ({@code llm.load.contextLength}, {@code llm.load.llama.acceleration.offloadRatio}, …; {@code embedding.load.*}
 * for embedding models). GPU "max" is sent as ratio 1, as the SDK does.
 */
public final class LoadConfigStackWriter {
    private LoadConfigStackWriter() {
    }

    public static ObjectNode write(LoadConfig config, ModelDomain type, ObjectMapper json) {
        String prefix = type == ModelDomain.EMBEDDING ? "embedding.load." : "llm.load.";
        ArrayNode fields = json.createArrayNode();
        if (config.contextLength() != null) {
            fields.addObject().put("key", prefix + "contextLength").put("value", config.contextLength());
        }
        if (config.gpuOffload() != null) {
            fields.addObject().put("key", prefix + "llama.acceleration.offloadRatio")
                    .put("value", config.gpuOffload().max() ? 1.0 : config.gpuOffload().ratio());
        }
        if (type == ModelDomain.LLM) {
            if (config.parallel() != null) {
                fields.addObject().put("key", "llm.load.numParallelSessions").put("value", config.parallel());
            }
            if (config.flashAttention() != null) {
                fields.addObject().put("key", "llm.load.llama.flashAttention").put("value", config.flashAttention());
            }
            if (config.evalBatchSize() != null) {
                fields.addObject().put("key", "llm.load.llama.evalBatchSize").put("value", config.evalBatchSize());
            }
            if (config.numExperts() != null) {
                fields.addObject().put("key", "llm.load.numExperts").put("value", config.numExperts());
            }
            if (config.offloadKvCacheToGpu() != null) {
                fields.addObject().put("key", "llm.load.offloadKVCacheToGpu").put("value", config.offloadKvCacheToGpu());
            }
        }
        ObjectNode stack = json.createObjectNode();
        ObjectNode layer = stack.putArray("layers").addObject();
        layer.put("layerName", "apiOverride");
        layer.putObject("config").set("fields", fields);
        return stack;
    }
}
