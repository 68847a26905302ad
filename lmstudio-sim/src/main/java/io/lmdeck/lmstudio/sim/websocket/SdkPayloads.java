package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.MemoryEstimate;

/**
 * The SDK's camelCase shapes ({@code ModelInfo}, {@code ModelInstanceInfo}). The SDK validates every reply and
 * hangs on a mismatch, so: integers where integers, optional fields omitted rather than null, MLX as
 * "safetensors", {@code deviceIdentifier} always present (null = local).
 */
final class SdkPayloads {
    private final ObjectMapper mapper;

    SdkPayloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode modelInfo(CatalogModel m) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", m.type());
        n.put("modelKey", m.key());
        n.put("format", m.isMlx() ? "safetensors" : "gguf");
        n.put("displayName", m.displayName());
        n.put("publisher", m.publisher());
        n.put("path", m.path());
        n.put("sizeBytes", m.sizeBytes());
        if (m.paramsString() != null) n.put("paramsString", m.paramsString());
        if (m.architecture() != null) n.put("architecture", m.architecture());
        if (m.quantization() != null && m.bitsPerWeight() != null) {
            n.putObject("quantization").put("name", m.quantization()).put("bits", m.bitsPerWeight().intValue());
        }
        n.put("indexedModelIdentifier", m.path());
        n.putNull("deviceIdentifier");
        if (!m.variants().isEmpty()) {
            ArrayNode v = n.putArray("variants");
            m.variants().forEach(v::add);
            n.put("selectedVariant", m.variants().get(0));
        }
        if (!m.isEmbedding()) {
            n.put("vision", m.vision());
            n.put("trainedForToolUse", m.trainedForToolUse());
        }
        n.put("maxContextLength", m.maxContextLength());
        return n;
    }

    ObjectNode instanceInfo(CatalogModel m, Instance i) {
        ObjectNode n = modelInfo(m);
        n.put("identifier", i.identifier());
        n.put("instanceReference", i.instanceReference());
        if (i.ttlMs() == null) n.putNull("ttlMs"); else n.put("ttlMs", i.ttlMs().longValue());
        if (i.lastUsedTime() == null) n.putNull("lastUsedTime"); else n.put("lastUsedTime", i.lastUsedTime().longValue());
        n.put("contextLength", i.contextLength());
        return n;
    }

    ObjectNode processingState(Instance i) {
        ObjectNode n = mapper.createObjectNode();
        n.put("status", i.status());
        n.put("queued", i.queued());
        return n;
    }

    ObjectNode estimate(MemoryEstimate e) {
        ObjectNode n = mapper.createObjectNode();
        ObjectNode mem = n.putObject("memory");
        mem.put("confidence", "high");
        mem.put("modelVramBytes", e.modelVramBytes());
        mem.put("contextVramBytes", e.contextVramBytes());
        mem.put("totalVramBytes", e.totalVramBytes());
        mem.put("modelBytes", e.modelBytes());
        mem.put("contextBytes", e.contextBytes());
        mem.put("totalBytes", e.totalBytes());
        n.put("passesGuardrails", e.passesGuardrails());
        return n;
    }
}
