package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/** {@code /llm} and {@code /embedding}: list/unload/info RPCs and the loadModel / getOrLoad channels. */
final class ModelNamespace implements Namespace {
    private final ModelEngine engine;
    private final String domain;
    private final ObjectMapper mapper;
    private final SdkPayloads payloads;
    private final LoadChannels loads;

    ModelNamespace(ModelEngine engine, String domain, ObjectMapper mapper, Executor blockingWork) {
        this.engine = engine;
        this.domain = domain;
        this.mapper = mapper;
        this.payloads = new SdkPayloads(mapper);
        this.loads = new LoadChannels(engine, domain, mapper, payloads, blockingWork);
    }

    @Override
    public JsonNode call(String endpoint, JsonNode parameter) {
        switch (endpoint) {
            case "listLoaded":
                ArrayNode list = mapper.createArrayNode();
                for (Instance i : loadedHere()) list.add(info(i));
                return list;
            case "unloadModel":
                return unload(parameter);
            case "getModelInfo":
                return find(parameter).map(this::info).orElse(null);
            case "getInstanceProcessingState":
                return find(parameter).map(payloads::processingState).orElse(null);
            case "getLoadConfig":
                return loadConfig(parameter);
            case "estimateModelUsage":
                return estimate(parameter);
            default:
                throw Namespace.unknownEndpoint("RPC", endpoint);
        }
    }

    @Override
    public void open(String endpoint, JsonNode creationParameter, Channel channel) {
        switch (endpoint) {
            case "loadModel":
                loads.loadModel(creationParameter, channel);
                break;
            case "getOrLoad":
                loads.getOrLoad(creationParameter, channel);
                break;
            default:
                throw Namespace.unknownEndpoint("channel", endpoint);
        }
    }

    private JsonNode unload(JsonNode parameter) {
        String identifier = parameter.path("identifier").asText("");
        boolean here = loadedHere().stream().anyMatch(i -> i.identifier().equals(identifier));
        if (!here || !engine.unload(identifier)) throw identifierNotFound(identifier);
        return null;
    }

    private Optional<Instance> find(JsonNode parameter) {
        JsonNode specifier = parameter.path("specifier");
        boolean throwIfNotFound = parameter.path("throwIfNotFound").asBoolean(true);
        Optional<Instance> found = Optional.empty();
        if ("instanceReference".equals(specifier.path("type").asText())) {
            String ref = specifier.path("instanceReference").asText("");
            found = loadedHere().stream().filter(i -> i.instanceReference().equals(ref)).findFirst();
            if (found.isEmpty() && throwIfNotFound) {
                throw new SdkError("The model is no longer loaded.", null,
                        mapper.createObjectNode().put("code", "generic.specificModelUnloaded"));
            }
            return found;
        }
        JsonNode query = specifier.path("query");
        found = loadedHere().stream().filter(i -> matches(i, query)).findFirst();
        if (found.isEmpty() && throwIfNotFound) {
            ObjectNode data = sample("generic.noModelMatchingQuery");
            data.set("query", query);
            throw new SdkError("No loaded model satisfies all the query requirements", null, data);
        }
        return found;
    }

    private boolean matches(Instance i, JsonNode query) {
        CatalogModel m = engine.model(i.modelKey());
        if (query.hasNonNull("identifier") && !query.get("identifier").asText().equals(i.identifier())) return false;
        if (query.hasNonNull("path") && !query.get("path").asText().equals(m.path())
                && !query.get("path").asText().equals(m.key())) return false;
        if (query.hasNonNull("domain") && !query.get("domain").asText().equals(domain)) return false;
        return !query.hasNonNull("vision") || query.get("vision").asBoolean() == m.vision();
    }

    private JsonNode loadConfig(JsonNode parameter) {
        Instance i = find(parameter).orElseThrow(() -> identifierNotFound(""));
        ObjectNode out = mapper.createObjectNode();
        ArrayNode fields = out.putArray("fields");
        String prefix = domain + ".load.";
        fields.addObject().put("key", prefix + "contextLength").put("value", i.contextLength());
        if ("llm".equals(domain)) {
            fields.addObject().put("key", prefix + "llama.acceleration.offloadRatio").put("value", i.offloadRatio());
            fields.addObject().put("key", prefix + "numParallelSessions").put("value", i.parallel());
            fields.addObject().put("key", prefix + "llama.flashAttention").put("value", i.flashAttention());
        }
        return out;
    }

    private JsonNode estimate(JsonNode parameter) {
        String key = parameter.path("modelKey").asText("");
        if (engine.catalog().find(key).isEmpty()) throw LoadChannels.pathNotFound(engine, mapper, key);
        LoadSettings settings = new LoadConfigStack(parameter.path("loadConfigStack")).toSettings(null, null);
        return payloads.estimate(engine.estimate(key, settings));
    }

    private SdkError identifierNotFound(String identifier) {
        ObjectNode data = sample("generic.identifierNotFound");
        data.put("identifier", identifier);
        return new SdkError("Cannot find a model with the identifier \"" + identifier + "\"", null, data);
    }

    private ObjectNode sample(String code) {
        List<Instance> loaded = loadedHere();
        ObjectNode data = mapper.createObjectNode().put("code", code);
        ArrayNode sample = data.putArray("loadedModelsSample");
        loaded.stream().limit(10).forEach(i -> sample.add(i.identifier()));
        data.put("totalLoadedModels", loaded.size());
        return data;
    }

    List<Instance> loadedHere() {
        return engine.instances().stream().filter(i -> domain.equals(engine.model(i.modelKey()).type()))
                .collect(Collectors.toList());
    }

    private ObjectNode info(Instance i) {
        return payloads.instanceInfo(engine.model(i.modelKey()), i);
    }
}
