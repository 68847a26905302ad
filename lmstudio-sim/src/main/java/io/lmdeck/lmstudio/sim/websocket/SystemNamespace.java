package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;

/** {@code /system}: downloaded models, version, process info. */
final class SystemNamespace implements Namespace {
    static final String VERSION = io.lmdeck.lmstudio.sim.rest.RestApi.SERVER_VERSION;
    static final int BUILD = 1;

    private final ModelEngine engine;
    private final ObjectMapper mapper;
    private final SdkPayloads payloads;

    SystemNamespace(ModelEngine engine, ObjectMapper mapper) {
        this.engine = engine;
        this.mapper = mapper;
        this.payloads = new SdkPayloads(mapper);
    }

    @Override
    public JsonNode call(String endpoint, JsonNode parameter) {
        switch (endpoint) {
            case "listDownloadedModels": {
                ArrayNode list = mapper.createArrayNode();
                for (CatalogModel m : engine.catalog().models()) list.add(payloads.modelInfo(m));
                return list;
            }
            case "listDownloadedModelVariants": {
                String key = parameter.path("modelKey").asText("");
                CatalogModel m = engine.catalog().find(key)
                        .orElseThrow(() -> LoadChannels.pathNotFound(engine, mapper, key));
                ArrayNode list = mapper.createArrayNode();
                list.add(payloads.modelInfo(m));
                return list;
            }
            case "version":
                return mapper.createObjectNode().put("version", VERSION).put("build", BUILD);
            case "info":
                return mapper.createObjectNode().put("pid", ProcessHandle.current().pid()).put("isDaemon", false)
                        .put("version", VERSION);
            default:
                throw Namespace.unknownEndpoint("RPC", endpoint);
        }
    }

    @Override
    public void open(String endpoint, JsonNode creationParameter, Channel channel) {
        if ("alive".equals(endpoint)) {
            channel.onCancel(channel::close);
            return;
        }
        throw Namespace.unknownEndpoint("channel", endpoint);
    }
}
