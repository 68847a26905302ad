package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.errors.ProtocolException;
import io.lmdeck.lmstudio.client.model.LoadState;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelUsageEstimate;
import io.lmdeck.lmstudio.client.model.Quantization;

import java.util.ArrayList;
import java.util.List;

import static io.lmdeck.lmstudio.client.rest.JsonFields.decimal;
import static io.lmdeck.lmstudio.client.rest.JsonFields.flag;
import static io.lmdeck.lmstudio.client.rest.JsonFields.integer;
import static io.lmdeck.lmstudio.client.rest.JsonFields.longValue;
import static io.lmdeck.lmstudio.client.rest.JsonFields.strings;
import static io.lmdeck.lmstudio.client.rest.JsonFields.text;

/** Reads the SDK's camelCase {@code ModelInfo}, {@code ModelInstanceInfo} and estimate payloads. */
public final class SdkModelParser {
    private SdkModelParser() {
    }

    /** A {@code ModelInfo} (downloaded model). */
    public static ModelInfo model(JsonNode m) {
        JsonNode quant = m.get("quantization");
        Quantization quantization = quant == null || !quant.isObject() ? null
                : new Quantization(text(quant, "name"), decimal(quant, "bits"));
        return new ModelInfo(text(m, "modelKey"), text(m, "displayName"), text(m, "publisher"),
                ModelDomain.parse(text(m, "type")), text(m, "architecture"), quantization, longValue(m, "sizeBytes"),
                text(m, "paramsString"), integer(m, "maxContextLength"), text(m, "format"), flag(m, "vision"),
                flag(m, "trainedForToolUse"), null, strings(m, "variants"), text(m, "selectedVariant"), text(m, "path"),
                LoadState.NOT_LOADED, List.of());
    }

    /** A {@code ModelInstanceInfo} (loaded instance). */
    public static LoadedInstance instance(JsonNode m) {
        String id = text(m, "identifier");
        if (id == null) {
            throw new ProtocolException("LM Studio sent a loaded instance without identifier", 0, null);
        }
        Integer parallel = integer(m, "maxParallelPredictions");
        return new LoadedInstance(id, text(m, "modelKey"), ModelDomain.parse(text(m, "type")), integer(m, "contextLength"),
                parallel != null ? parallel : integer(m, "parallel"), null, null, longValue(m, "ttlMs"),
                longValue(m, "lastUsedTime"), longValue(m, "sizeBytes"), text(m, "instanceReference"));
    }

    /** The array of a list RPC. */
    public static List<ModelInfo> models(JsonNode array) {
        List<ModelInfo> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(m -> {
                if (text(m, "modelKey") != null) {
                    out.add(model(m));
                }
            });
        }
        return out;
    }

    /** The array of {@code listLoaded}. */
    public static List<LoadedInstance> instances(JsonNode array) {
        List<LoadedInstance> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(m -> {
                if (text(m, "identifier") != null) {
                    out.add(instance(m));
                }
            });
        }
        return out;
    }

    /** The answer of {@code estimateModelUsage}. */
    public static ModelUsageEstimate estimate(JsonNode result) {
        JsonNode mem = result.path("memory");
        if (!mem.isObject()) {
            throw new ProtocolException("estimateModelUsage: no memory figures in the answer", 0, null);
        }
        return new ModelUsageEstimate(text(mem, "confidence"), zero(longValue(mem, "modelVramBytes")),
                zero(longValue(mem, "contextVramBytes")), zero(longValue(mem, "totalVramBytes")),
                zero(longValue(mem, "modelBytes")), zero(longValue(mem, "contextBytes")), zero(longValue(mem, "totalBytes")),
                flag(result, "passesGuardrails"));
    }

    private static long zero(Long value) {
        return value == null ? 0 : value;
    }
}
