package io.lmdeck.lmstudio.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.errors.ProtocolException;
import io.lmdeck.lmstudio.client.model.DownloadStatus;
import io.lmdeck.lmstudio.client.model.LoadState;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.Quantization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.lmdeck.lmstudio.client.rest.JsonFields.array;
import static io.lmdeck.lmstudio.client.rest.JsonFields.bool;
import static io.lmdeck.lmstudio.client.rest.JsonFields.decimal;
import static io.lmdeck.lmstudio.client.rest.JsonFields.flag;
import static io.lmdeck.lmstudio.client.rest.JsonFields.integer;
import static io.lmdeck.lmstudio.client.rest.JsonFields.longValue;
import static io.lmdeck.lmstudio.client.rest.JsonFields.strings;
import static io.lmdeck.lmstudio.client.rest.JsonFields.text;

/** Reads REST v1 and v0 JSON into the client's records. Unknown fields are ignored; missing ones become null. */
public final class RestModelParser {
    private RestModelParser() {
    }

    /** {@code GET /api/v1/models}. The same key listed twice (one entry per variant) becomes one entry. */
    public static List<ModelInfo> v1Models(JsonNode body) {
        JsonNode models = body == null ? null : body.get("models");
        if (models == null || !models.isArray()) {
            throw new ProtocolException("GET /api/v1/models: no \"models\" array in the answer", 200, null);
        }
        Map<String, ModelInfo> byKey = new LinkedHashMap<>();
        for (JsonNode m : models) {
            ModelInfo info = v1Model(m);
            if (info.key() == null) {
                continue;
            }
            ModelInfo seen = byKey.get(info.key());
            byKey.put(info.key(), seen == null ? info : mergeDuplicate(seen, info));
        }
        return List.copyOf(byKey.values());
    }

    static ModelInfo v1Model(JsonNode m) {
        String key = text(m, "key");
        ModelDomain type = ModelDomain.parse(text(m, "type"));
        List<LoadedInstance> instances = new ArrayList<>();
        for (JsonNode inst : array(m, "loaded_instances")) {
            JsonNode config = inst.path("config");
            String id = text(inst, "id");
            if (id != null) {
                instances.add(new LoadedInstance(id, key, type, integer(config, "context_length"),
                        integer(config, "parallel"), integer(config, "eval_batch_size"), bool(config, "flash_attention"),
                        null, null, longValue(m, "size_bytes"), null));
            }
        }
        JsonNode quant = m.get("quantization");
        Quantization quantization = quant == null || !quant.isObject() ? null
                : new Quantization(text(quant, "name"), decimal(quant, "bits_per_weight"));
        JsonNode caps = m.path("capabilities");
        return new ModelInfo(key, text(m, "display_name"), text(m, "publisher"), type, text(m, "architecture"),
                quantization, longValue(m, "size_bytes"), text(m, "params_string"), integer(m, "max_context_length"),
                text(m, "format"), flag(caps, "vision"), flag(caps, "trained_for_tool_use"), text(m, "description"),
                strings(m, "variants"), text(m, "selected_variant"), null, null, instances);
    }

    private static ModelInfo mergeDuplicate(ModelInfo first, ModelInfo second) {
        List<LoadedInstance> instances = new ArrayList<>(first.loadedInstances());
        second.loadedInstances().stream()
                .filter(i -> instances.stream().noneMatch(x -> x.instanceId().equals(i.instanceId())))
                .forEach(instances::add);
        List<String> variants = new ArrayList<>(first.variants());
        second.variants().stream().filter(v -> !variants.contains(v)).forEach(variants::add);
        ModelInfo merged = first.withInstances(instances, null);
        return new ModelInfo(merged.key(), merged.displayName(), merged.publisher(), merged.type(), merged.architecture(),
                merged.quantization(), merged.sizeBytes(), merged.paramsString(), merged.maxContextLength(), merged.format(),
                merged.vision(), merged.trainedForToolUse(), merged.description(), variants, merged.selectedVariant(),
                merged.path(), null, instances);
    }

    /**
     * {@code GET /api/v0/models}. An entry {@code key:N} whose {@code key} is also listed is a second instance of it.
     * States: {@code loaded}, {@code loading}, {@code not-loaded}.
     */
    public static List<ModelInfo> v0Models(JsonNode body) {
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isArray()) {
            throw new ProtocolException("GET /api/v0/models: no \"data\" array in the answer", 200, null);
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        data.forEach(e -> {
            if (text(e, "id") != null) {
                entries.put(text(e, "id"), e);
            }
        });
        Map<String, ModelInfo> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            String id = e.getKey();
            String key = baseKey(id);
            JsonNode m = e.getValue();
            ModelDomain type = ModelDomain.parse(text(m, "type"));
            String state = text(m, "state");
            ModelInfo base = byKey.get(key);
            if (base == null) {
                base = new ModelInfo(key, null, text(m, "publisher"), type, text(m, "arch"),
                        text(m, "quantization") == null ? null : new Quantization(text(m, "quantization"), null),
                        null, null, integer(m, "max_context_length"), text(m, "compatibility_type"),
                        "vlm".equals(text(m, "type")), strings(m, "capabilities").contains("tool_use"), null,
                        List.of(), null, null, LoadState.NOT_LOADED, List.of());
            }
            List<LoadedInstance> instances = new ArrayList<>(base.loadedInstances());
            LoadState newState = base.state();
            if ("loaded".equals(state)) {
                instances.add(new LoadedInstance(id, key, type, integer(m, "loaded_context_length"), null, null, null,
                        null, null, null, null));
                newState = LoadState.LOADED;
            } else if ("loading".equals(state) && newState != LoadState.LOADED) {
                newState = LoadState.LOADING;
            }
            byKey.put(key, base.withInstances(instances, newState));
        }
        return List.copyOf(byKey.values());
    }

    /** {@code key:N} (N a number) → {@code key}; other ids are their own key. */
    static String baseKey(String id) {
        int colon = id.lastIndexOf(':');
        if (colon > 0 && id.substring(colon + 1).matches("\\d+")) {
            return id.substring(0, colon);
        }
        return id;
    }

    /** The answer of {@code POST /api/v1/models/load}. */
    public static LoadedInstance v1LoadResult(JsonNode body, String modelKey) {
        String id = text(body, "instance_id");
        if (id == null) {
            throw new ProtocolException("POST /api/v1/models/load: no instance_id in the answer", 200, null);
        }
        JsonNode config = body.path("load_config");
        return new LoadedInstance(id, modelKey, ModelDomain.parse(text(body, "type")), integer(config, "context_length"),
                integer(config, "parallel"), integer(config, "eval_batch_size"), bool(config, "flash_attention"),
                null, null, null, null);
    }

    /** A download job or its status. */
    public static DownloadStatus download(JsonNode body) {
        return new DownloadStatus(text(body, "job_id"), DownloadStatus.State.parse(text(body, "status")),
                longValue(body, "total_size_bytes"), longValue(body, "downloaded_bytes"), decimal(body, "bytes_per_second"),
                text(body, "estimated_completion"), text(body, "started_at"), text(body, "completed_at"));
    }
}
