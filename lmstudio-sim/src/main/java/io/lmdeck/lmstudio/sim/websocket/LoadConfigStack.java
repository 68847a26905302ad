package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the SDK's {@code loadConfigStack} ({@code {layers:[{layerName, config:{fields:[{key,value}]}}]}}), later
 * layers overriding earlier ones. Unknown keys and odd values are tolerated and ignored.
 */
final class LoadConfigStack {
    private final Map<String, JsonNode> fields = new HashMap<>();

    LoadConfigStack(JsonNode stack) {
        for (JsonNode layer : stack.path("layers")) {
            for (JsonNode field : layer.path("config").path("fields")) {
                if (field.path("key").isTextual() && field.has("value")) fields.put(field.get("key").asText(), field.get("value"));
            }
        }
    }

    LoadSettings toSettings(String identifier, Long ttlMs) {
        return new LoadSettings(identifier, integer("contextLength"), integer("numParallelSessions"),
                bool("llama.flashAttention"), integer("llama.evalBatchSize"), offloadRatio(), integer("numExperts"),
                bool("offloadKVCacheToGpu"), ttlMs);
    }

    private JsonNode find(String suffix) {
        JsonNode v = fields.get("llm.load." + suffix);
        return v != null ? v : fields.get("embedding.load." + suffix);
    }

    private Integer integer(String suffix) {
        JsonNode v = find(suffix);
        return v != null && v.isNumber() && v.asInt() > 0 ? v.asInt() : null;
    }

    private Boolean bool(String suffix) {
        JsonNode v = find(suffix);
        return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    private Double offloadRatio() {
        JsonNode v = find("llama.acceleration.offloadRatio");
        if (v == null) return null;
        if (v.isNumber()) return Math.max(0, Math.min(1, v.asDouble()));
        if ("max".equals(v.asText())) return 1.0;
        if ("off".equals(v.asText())) return 0.0;
        return null;
    }
}
